import Foundation

/// One message found on disk: where it lives (the folder and item recorded in the queue) and how
/// to read its bytes.
public struct LocalMessage: Sendable {
    /// How to get the bytes of a local message.
    public enum Location: Sendable {
        /// A whole file: an .eml file or a Maildir entry.
        case file(path: String)
        /// A byte range of an mbox file, with `>From ` lines still escaped.
        case mbox(path: String, range: Range<Int>)
    }

    /// The Maildir, mbox file or directory the message was found in, as an absolute path.
    public var folder: String
    /// The message's name in its folder: a file name, a Maildir unique name (without flags), or,
    /// for an mbox entry, nil until its digest is known.
    public var item: String?
    public var location: Location

    /// A path to show people when this message cannot be read.
    public var displayPath: String {
        switch location {
        case let .file(path): return path
        case let .mbox(path, range): return "\(path) (at byte \(range.lowerBound))"
        }
    }
}

/// Finds messages in .eml files, folders of them, Maildir folders and mbox files.
public enum LocalMail {
    /// Every message under the given paths, in a stable order.
    ///
    /// - Throws: ``ArchivistError`` of kind `noInput`, naming the path, when a path does not exist
    ///   or cannot be read.
    public static func discover(_ paths: [String]) throws -> [LocalMessage] {
        var found: [LocalMessage] = []
        for path in paths {
            let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory) else {
                throw ArchivistError(.noInput, "\(path): no such file or folder")
            }
            guard FileManager.default.isReadableFile(atPath: absolute) else {
                throw ArchivistError(.noInput, "\(path): permission denied")
            }
            if isDirectory.boolValue {
                try walk(directory: absolute, into: &found)
            } else {
                try addFile(absolute, named: true, into: &found)
            }
        }
        return found
    }

    private static func isMaildir(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return ["cur", "new"].allSatisfy {
            FileManager.default.fileExists(atPath: path + "/" + $0, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }

    private static func entries(_ directory: String) throws -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            throw ArchivistError(.noInput, "\(directory): the folder cannot be read")
        }
    }

    private static func walk(directory: String, into found: inout [LocalMessage]) throws {
        if isMaildir(directory) {
            for sub in ["new", "cur"] {
                for name in try entries(directory + "/" + sub) where !name.hasPrefix(".") {
                    let path = directory + "/" + sub + "/" + name
                    guard isRegularFile(path) else { continue }
                    // The unique name stays when a client moves new/ to cur/ or changes flags.
                    let unique = String(name.split(separator: ":", maxSplits: 1).first ?? Substring(name))
                    found.append(LocalMessage(folder: directory, item: unique, location: .file(path: path)))
                }
            }
            // Maildir++ keeps subfolders as dot-directories beside cur/new/tmp.
            for name in try entries(directory) where name.hasPrefix(".") && name != "." && name != ".." {
                let path = directory + "/" + name
                if isMaildir(path) { try walk(directory: path, into: &found) }
            }
            return
        }
        for name in try entries(directory) where !name.hasPrefix(".") {
            let path = directory + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }  // a dangling link
            if isDirectory.boolValue {
                try walk(directory: path, into: &found)
            } else {
                try addFile(path, named: false, into: &found)
            }
        }
    }

    private static func isRegularFile(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeRegular
    }

    /// Adds a file as an mbox or a single message. A file found while walking a folder counts only
    /// when its name or first bytes say it is mail; a file named on the command line always does.
    private static func addFile(_ path: String, named: Bool, into found: inout [LocalMessage]) throws {
        let head = try readHead(path)
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        if head.starts(with: Array("From ".utf8)) {
            try addMbox(path, into: &found)
            return
        }
        let ext = (name as NSString).pathExtension.lowercased()
        if named || ext == "eml" || ext == "msg" || (ext.isEmpty && looksLikeHeader(head)) {
            found.append(LocalMessage(folder: folder, item: name, location: .file(path: path)))
        }
    }

    private static func readHead(_ path: String) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ArchivistError(.noInput, "\(path): the file cannot be read")
        }
        defer { try? handle.close() }
        return Array((try? handle.read(upToCount: 256)) ?? Data())
    }

    /// Whether bytes start with a header field: a name of printable characters and a colon.
    private static func looksLikeHeader(_ head: [UInt8]) -> Bool {
        guard let colon = head.firstIndex(of: UInt8(ascii: ":")), colon > 0 else { return false }
        return head[..<colon].allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    private static func addMbox(_ path: String, into found: inout [LocalMessage]) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw ArchivistError(.noInput, "\(path): the mbox file cannot be read")
        }
        for range in Mbox.messageRanges(data) {
            found.append(LocalMessage(folder: path, item: nil, location: .mbox(path: path, range: range)))
        }
    }

    /// Reads the bytes of one message.
    public static func read(_ message: LocalMessage) throws -> [UInt8] {
        switch message.location {
        case let .file(path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ArchivistError(.ioError, "\(path): the file cannot be read")
            }
            return [UInt8](data)
        case let .mbox(path, range):
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw ArchivistError(.ioError, "\(path): the mbox file cannot be read")
            }
            defer { try? handle.close() }
            do {
                try handle.seek(toOffset: UInt64(range.lowerBound))
                let data = try handle.read(upToCount: range.count) ?? Data()
                return Mbox.unescape([UInt8](data))
            } catch {
                throw ArchivistError(.ioError, "\(message.displayPath): the mbox file cannot be read")
            }
        }
    }
}

/// The mbox format: messages separated by lines starting with `From `, body lines that start with
/// `From ` escaped as `>From ` (mboxrd: any number of `>`).
enum Mbox {
    /// The byte ranges of the messages, without their `From ` separator lines.
    static func messageRanges(_ data: Data) -> [Range<Int>] {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> [Range<Int>] in
            var ranges: [Range<Int>] = []
            var start: Int?
            var lineStart = 0
            let count = bytes.count
            let from: [UInt8] = Array("From ".utf8)
            func isSeparator(_ at: Int) -> Bool {
                guard at + 5 <= count else { return false }
                for k in 0..<5 where bytes[at + k] != from[k] { return false }
                return at == 0 || (at >= 2 && bytes[at - 2] == 0x0A) || (at >= 3 && bytes[at - 2] == 0x0D && bytes[at - 3] == 0x0A)
            }
            while lineStart < count {
                var end = lineStart
                while end < count && bytes[end] != 0x0A { end += 1 }
                let next = min(end + 1, count)
                if isSeparator(lineStart) {
                    if let s = start { ranges.append(s..<trimmedEnd(bytes, s, lineStart)) }
                    start = next
                }
                lineStart = next
            }
            if let s = start, s < count { ranges.append(s..<trimmedEnd(bytes, s, count)) }
            return ranges.filter { !$0.isEmpty }
        }
    }

    /// Drops the blank line that mbox puts before the next separator.
    private static func trimmedEnd(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Int {
        if end - start >= 4, bytes[end - 1] == 0x0A, bytes[end - 2] == 0x0D, bytes[end - 3] == 0x0A, bytes[end - 4] == 0x0D {
            return end - 2
        }
        if end - start >= 2, bytes[end - 1] == 0x0A, bytes[end - 2] == 0x0A {
            return end - 1
        }
        return end
    }

    /// Removes one `>` from lines that start with `>From ` after any number of `>`.
    static func unescape(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var i = 0
        var atLineStart = true
        while i < bytes.count {
            if atLineStart && bytes[i] == UInt8(ascii: ">") {
                var j = i
                while j < bytes.count && bytes[j] == UInt8(ascii: ">") { j += 1 }
                if bytes[j...].starts(with: Array("From ".utf8)) {
                    i += 1
                }
            }
            atLineStart = bytes[i] == 0x0A
            out.append(bytes[i])
            i += 1
        }
        return out
    }
}
