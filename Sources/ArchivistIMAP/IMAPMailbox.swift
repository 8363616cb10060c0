import Foundation

/// A folder as LIST shows it.
public struct IMAPFolder: Sendable, Equatable {
    /// The name as people read it (modified UTF-7 decoded), e.g. "Projects/Łomianki".
    public var name: String
    /// The name as the server spells it on the wire.
    public var wireName: String
    /// The name attributes, e.g. \HasNoChildren, \Noselect, \Sent, \Trash.
    public var attributes: [String]
    public var delimiter: String?

    /// Whether the folder can be opened at all (not \Noselect or \NonExistent).
    public var isSelectable: Bool {
        !attributes.contains { ["\\noselect", "\\nonexistent"].contains($0.lowercased()) }
    }

    /// The special use (RFC 6154) among the attributes: \Sent, \Trash, \Junk, \Drafts, \Archive, \All.
    public var specialUse: String? {
        let uses = ["\\sent", "\\trash", "\\junk", "\\drafts", "\\archive", "\\all", "\\flagged"]
        return attributes.first { uses.contains($0.lowercased()) }
    }

    /// The last part of the name: "Łomianki" of "Projects/Łomianki".
    public var leafName: String {
        guard let delimiter, !delimiter.isEmpty, let last = name.components(separatedBy: delimiter).last else { return name }
        return last
    }
}

/// What EXAMINE says of a folder.
public struct IMAPFolderState: Sendable, Equatable {
    public var uidValidity: UInt64
    public var uidNext: UInt64?
    public var exists: Int
}

/// A message waiting on the server: its UID and size.
public struct IMAPMessageRef: Sendable, Equatable {
    public var uid: UInt64
    public var size: UInt64
}

extension IMAPConnection {
    /// The server's capabilities, upper-cased.
    public func capabilities() throws(IMAPError) -> Set<String> {
        var result = Set<String>()
        for case let .untagged(values) in try run("CAPABILITY") where values.first?.text?.uppercased() == "CAPABILITY" {
            for value in values.dropFirst() { if let text = value.text { result.insert(text.uppercased()) } }
        }
        return result
    }

    /// Every folder, with its special use when the server tells it.
    public func folders(capabilities: Set<String>) throws(IMAPError) -> [IMAPFolder] {
        let command = capabilities.contains("SPECIAL-USE") || capabilities.contains("LIST-EXTENDED")
            ? "LIST \"\" \"*\" RETURN (SPECIAL-USE)" : "LIST \"\" \"*\""
        var folders: [IMAPFolder] = []
        for case let .untagged(values) in try run(command) where values.first?.text?.uppercased() == "LIST" && values.count >= 4 {
            guard case let .list(flags) = values[1], let wire = values[3].text else { continue }
            folders.append(IMAPFolder(name: ModifiedUTF7.decode(wire) ?? wire, wireName: wire, attributes: flags.compactMap(\.text),
                                      delimiter: values[2].text))
        }
        return folders
    }

    /// Opens a folder read-only (EXAMINE never changes flags) and reads its UIDVALIDITY.
    public func examine(_ folder: IMAPFolder) throws(IMAPError) -> IMAPFolderState {
        var state = IMAPFolderState(uidValidity: 0, uidNext: nil, exists: 0)
        for case let .untagged(values) in try run("EXAMINE \(Self.quoted(folder.wireName))") {
            if values.count >= 2, values[1].text?.uppercased() == "EXISTS", let n = values[0].number { state.exists = Int(n) }
            if values.first?.text?.uppercased() == "OK", values.count >= 2, let code = values[1].text {
                if let n = Self.responseCode(code, "UIDVALIDITY") { state.uidValidity = n }
                if let n = Self.responseCode(code, "UIDNEXT") { state.uidNext = n }
            }
        }
        guard state.uidValidity != 0 else {
            throw IMAPError(.protocolError, "\(endpoint.address) gave no UIDVALIDITY for the folder \(folder.name)")
        }
        return state
    }

    /// The number of unread messages of each folder, by one pipelined STATUS per folder.
    public func unseenCounts(_ folders: [IMAPFolder]) throws(IMAPError) -> [String: Int] {
        var tags: [String: IMAPFolder] = [:]
        for folder in folders { tags[try send("STATUS \(Self.quoted(folder.wireName)) (UNSEEN)")] = folder }
        var counts: [String: Int] = [:]
        while !tags.isEmpty {
            switch try response() {
            case let .untagged(values) where values.first?.text?.uppercased() == "STATUS" && values.count >= 3:
                guard let wire = values[1].text, case let .list(items) = values[2] else { continue }
                let name = ModifiedUTF7.decode(wire) ?? wire
                var i = 0
                while i + 1 < items.count {
                    if items[i].text?.uppercased() == "UNSEEN", let n = items[i + 1].number { counts[name] = Int(n) }
                    i += 2
                }
            case let .tagged(tag, _, _):
                tags[tag] = nil
            default:
                continue
            }
        }
        return counts
    }

    /// The messages of the open folder whose UID is above `uid`, with their sizes.
    public func messages(after uid: UInt64) throws(IMAPError) -> [IMAPMessageRef] {
        var refs: [IMAPMessageRef] = []
        for response in try run("UID FETCH \(uid + 1):* (UID RFC822.SIZE)") {
            // n:* always names the last message, even when its UID is not above n.
            guard let message = FetchedMessage(response), let found = message.uid, found > uid else { continue }
            refs.append(IMAPMessageRef(uid: found, size: message.size ?? 0))
        }
        return refs.sorted { $0.uid < $1.uid }
    }

    /// Fetches messages of the open folder with `BODY.PEEK[]`, which never sets \Seen, as a
    /// pipeline of `UID FETCH` commands: up to `window` of them in flight at once.
    ///
    /// - Parameters:
    ///   - batches: UIDs, one command each, in ascending order.
    ///   - onMessage: each message as it arrives.
    ///   - onBatchDone: the index of a batch once the server finished it and every batch before it.
    public func fetch(batches: [[UInt64]], window: Int = 4, onMessage: (FetchedMessage) throws -> Void,
                      onBatchDone: (Int) throws -> Void) throws {
        var nextToSend = 0
        var inFlight: [String: Int] = [:]
        var finished = Set<Int>()
        var nextToReport = 0
        while nextToReport < batches.count {
            while nextToSend < batches.count && inFlight.count < window {
                let tag = try send("UID FETCH \(Self.sequenceSet(batches[nextToSend])) (UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[])")
                inFlight[tag] = nextToSend
                nextToSend += 1
            }
            let response = try response()
            if let message = FetchedMessage(response) {
                try onMessage(message)
            } else if case let .tagged(tag, status, text) = response, let index = inFlight.removeValue(forKey: tag) {
                guard status == "OK" else {
                    throw IMAPError(.refused, "\(endpoint.address) answered \(status) to UID FETCH: \(text)")
                }
                finished.insert(index)
                while finished.remove(nextToReport) != nil {
                    try onBatchDone(nextToReport)
                    nextToReport += 1
                }
            }
        }
    }

    /// Ends the session politely; errors are of no interest then.
    public func logout() {
        _ = try? run("LOGOUT")
    }

    // MARK: Wire formats

    /// A mailbox name as an IMAP string: quoted, with \ and " escaped.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Ascending UIDs as a compact sequence set: 1:5,7,9:12.
    public static func sequenceSet(_ uids: [UInt64]) -> String {
        var parts: [String] = []
        var i = 0
        while i < uids.count {
            var j = i
            while j + 1 < uids.count && uids[j + 1] == uids[j] + 1 { j += 1 }
            parts.append(i == j ? "\(uids[i])" : "\(uids[i]):\(uids[j])")
            i = j + 1
        }
        return parts.joined(separator: ",")
    }

    /// The number in a response code such as "[UIDVALIDITY 3857529045]".
    static func responseCode(_ text: String, _ name: String) -> UInt64? {
        let upper = text.uppercased()
        guard upper.hasPrefix("[\(name) ") else { return nil }
        return UInt64(upper.dropFirst(name.count + 2).prefix { $0.isNumber })
    }
}

/// Reads an IMAP INTERNALDATE: "17-Jul-1996 02:44:25 -0700".
public func parseInternalDate(_ text: String) -> Date? {
    let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    let parts = text.trimmingCharacters(in: .whitespaces).split(separator: " ")
    guard parts.count == 3 else { return nil }
    let day = parts[0].split(separator: "-")
    let time = parts[1].split(separator: ":").compactMap { Int($0) }
    guard day.count == 3, time.count == 3, let d = Int(day[0].trimmingCharacters(in: .whitespaces)),
          let m = months.firstIndex(of: day[1].lowercased()), let y = Int(day[2]), parts[2].count == 5,
          let zone = Int(parts[2].dropFirst()) else { return nil }
    var components = DateComponents(year: y, month: m + 1, day: d, hour: time[0], minute: time[1], second: time[2])
    components.timeZone = TimeZone(secondsFromGMT: (parts[2].first == "-" ? -1 : 1) * ((zone / 100) * 3600 + (zone % 100) * 60))
    return Calendar(identifier: .gregorian).date(from: components)
}
