import Foundation
import ArchivistIMAP
import ArchivistMail
import ArchivistModel
import ArchivistStore

/// What one check of one folder did.
public struct FolderFetchReport: Sendable, Codable {
    public var folder: String
    /// Messages downloaded.
    public var messages = 0
    /// Messages whose content was stored for the first time.
    public var new = 0
    /// Messages whose content was stored already (from another folder, mailbox or import).
    public var alreadyStored = 0
    /// The folder's UIDVALIDITY changed, so it was read again from the start; nothing was stored twice.
    public var resynced = false
    /// Messages the server listed but did not deliver, because they were deleted meanwhile.
    public var vanished = 0
    /// Why the folder could not be opened, if it could not; the other folders are still read.
    public var error: String?
    /// New messages left on the server for the next check, because of the limit per check.
    public var waiting = 0

    enum CodingKeys: String, CodingKey {
        case folder, messages, new
        case alreadyStored = "already_stored"
        case resynced, vanished, error, waiting
    }
}

/// What one check of one mailbox did.
public struct AccountFetchReport: Sendable, Encodable {
    public var account: String
    public var folders: [FolderFetchReport] = []
    /// Folders left alone: the skip folders, and those whose special use is \Trash, \Junk or \Drafts.
    public var skippedFolders: [String] = []
    /// Why the check failed, if it did; what was stored before the failure stays.
    public var error: String?
    /// Whether the failure may go away by itself (the server is unreachable or broke the connection).
    public var retryable = false
    /// What kind of failure it was, for the exit status.
    public var failure: ArchivistError.Kind?
    /// Whether the check stopped early because it was asked to.
    public var interrupted = false
    public var messages: Int { folders.reduce(0) { $0 + $1.messages } }
    public var new: Int { folders.reduce(0) { $0 + $1.new } }
    public var alreadyStored: Int { folders.reduce(0) { $0 + $1.alreadyStored } }

    public init(account: String) {
        self.account = account
    }

    enum CodingKeys: String, CodingKey {
        case account, folders
        case skippedFolders = "skipped_folders"
        case error, retryable, interrupted
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(account, forKey: .account)
        try container.encode(folders, forKey: .folders)
        try container.encode(skippedFolders, forKey: .skippedFolders)
        try container.encodeIfPresent(error, forKey: .error)
        try container.encode(retryable, forKey: .retryable)
        try container.encode(interrupted, forKey: .interrupted)
    }
}

/// Reads an IMAP mailbox into the queue of its source, read-only and incrementally.
///
/// Per folder: EXAMINE, compare UIDVALIDITY with what was stored (a change reads the folder again;
/// single storage keeps that from storing anything twice), list the UIDs above the last one
/// stored, and fetch them with `BODY.PEEK[]` in pipelined batches. Each batch is stored in one
/// transaction together with the folder's new last UID, so a crash or a broken connection loses
/// at most the batches in flight, and the next check goes on where this one stopped.
struct IMAPFetcher {
    let store: MailStore
    let sourceID: Int64
    let account: MailAccount
    /// Messages and bytes per `UID FETCH` command.
    var batchMessages = 200
    var batchBytes: UInt64 = 8 << 20
    /// Commands in flight at once.
    var window = 4
    /// Told each folder's progress: the folder, messages done, messages to do.
    var progress: (String, Int, Int) -> Void = { _, _, _ in }
    /// Asked after every batch whether to stop.
    var shouldStop: () -> Bool = { false }
    /// At most this many messages per check of the mailbox (oldest first); the rest wait for the
    /// next check. A first sync of a large mailbox so goes in steps that leave room for others.
    var limit: Int?
    var now: () -> Date = Date.init

    /// Whether a folder is left alone: one of the account's skip folders, or one whose special use
    /// is \Trash, \Junk or \Drafts.
    static func skips(_ folder: IMAPFolder, of account: MailAccount) -> Bool {
        account.skips(folder: folder.name, leafName: folder.leafName)
            || folder.specialUse.map { ["\\trash", "\\junk", "\\drafts"].contains($0.lowercased()) } == true
    }

    func run(_ connection: IMAPConnection, into report: inout AccountFetchReport) throws {
        let capabilities = try connection.capabilities()
        let folders = try connection.folders(capabilities: capabilities).filter(\.isSelectable)
        var wanted: [IMAPFolder] = []
        for folder in folders {
            if Self.skips(folder, of: account) {
                report.skippedFolders.append(folder.name)
            } else {
                wanted.append(folder)
            }
        }
        let unseen = try connection.unseenCounts(wanted)
        try store.database.transaction {
            for folder in folders where !wanted.contains(folder) {
                try store.database.run("""
                    INSERT INTO imap_folder (source, folder, uid_validity, special_use, skipped, checked_at) VALUES (?1, ?2, 0, ?3, 1, ?4)
                    ON CONFLICT (source, folder) DO UPDATE SET skipped = 1, special_use = excluded.special_use, unseen = NULL, checked_at = excluded.checked_at
                    """, .integer(sourceID), .text(folder.name), SQLValue(folder.specialUse), .integer(Int64(now().timeIntervalSince1970)))
            }
            // Folders gone from the server say nothing any more.
            let names = Set(folders.map(\.name))
            for name in try store.database.query("SELECT folder FROM imap_folder WHERE source = ?", .integer(sourceID), row: { $0.string(0) })
            where !names.contains(name) {
                try store.database.run("DELETE FROM imap_folder WHERE source = ? AND folder = ?", .integer(sourceID), .text(name))
            }
        }
        var budget = limit
        for folder in wanted {
            if shouldStop() { report.interrupted = true; return }
            var folderReport = FolderFetchReport(folder: folder.name)
            defer { report.folders.append(folderReport) }
            guard try fetch(folder, unseen: unseen[folder.name], connection, budget: &budget, into: &folderReport) else {
                report.interrupted = true
                return
            }
        }
    }

    /// Fetches what is new in one folder; false when it stopped early because it was asked to (the
    /// connection then has commands in flight and must be dropped).
    private func fetch(_ folder: IMAPFolder, unseen: Int?, _ connection: IMAPConnection, budget: inout Int?,
                       into report: inout FolderFetchReport) throws -> Bool {
        let db = store.database
        let opened = Result { () throws(IMAPError) in try connection.examine(folder) }
        if case let .failure(error) = opened, error.kind == .refused {
            report.error = error.message
            return true
        }
        let state = try opened.get()
        let stored = try db.queryFirst("SELECT uid_validity, last_uid FROM imap_folder WHERE source = ? AND folder = ?",
                                       .integer(sourceID), .text(folder.name)) { (UInt64($0.int64(0)), UInt64($0.int64(1))) }
        var lastUID: UInt64 = 0
        if let stored, stored.0 == state.uidValidity {
            lastUID = stored.1
        } else if let stored, stored.0 != 0 {
            report.resynced = true
        }
        try db.run("""
            INSERT INTO imap_folder (source, folder, uid_validity, last_uid, special_use, skipped, unseen, checked_at) VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?7)
            ON CONFLICT (source, folder) DO UPDATE SET
                last_uid = CASE WHEN uid_validity = excluded.uid_validity THEN last_uid ELSE 0 END,
                uid_validity = excluded.uid_validity, special_use = excluded.special_use, skipped = 0,
                unseen = excluded.unseen, checked_at = excluded.checked_at
            """, .integer(sourceID), .text(folder.name), .integer(Int64(state.uidValidity)), .integer(Int64(lastUID)),
            SQLValue(folder.specialUse), unseen.map { .integer(Int64($0)) } ?? .null, .integer(Int64(now().timeIntervalSince1970)))
        guard state.exists > 0 else { return true }
        if let next = state.uidNext, next <= lastUID + 1 { return true }

        var waiting = try connection.messages(after: lastUID)
        if let left = budget {
            report.waiting = max(0, waiting.count - left)
            waiting = Array(waiting.prefix(left))
            budget = left - waiting.count
        }
        guard !waiting.isEmpty else { return true }
        let batches = Self.batches(waiting, messages: batchMessages, bytes: batchBytes)
        progress(folder.name, 0, waiting.count)
        // One thread reads the server and parses each batch while this one stores the batch
        // before.
        let reader = ConnectionBox(connection)
        let window = self.window
        var done = 0
        return try pipelined(produce: { deliver in
            var batchOf: [UInt64: Int] = [:]
            for (i, batch) in batches.enumerated() { for uid in batch { batchOf[uid] = i } }
            var arrived: [Int: [FetchedMessage]] = [:]
            try reader.connection.fetch(batches: batches, window: window, onMessage: { message in
                guard let uid = message.uid, message.body != nil, let batch = batchOf[uid] else { return }
                arrived[batch, default: []].append(message)
            }, onBatchDone: { index in
                let messages = arrived.removeValue(forKey: index) ?? []
                try deliver((index, messages.parallelMap { message in
                    ParsedArrival(uid: message.uid!, receivedAt: message.internalDate.flatMap(parseInternalDate),
                                  message: IncomingMessage(raw: message.body!, parsed: MIMEParser.parse(message.body!)))
                }))
            })
        }, consume: { (index: Int, messages: [ParsedArrival]) in
            report.vanished += batches[index].count - messages.count
            try storeBatch(messages, folder: folder.name, uidValidity: state.uidValidity, lastUID: batches[index].last!, into: &report)
            done += batches[index].count
            progress(folder.name, done, waiting.count)
            // Stopping leaves commands in flight: the caller drops the connection.
            return !shouldStop()
        })
    }

    /// Stores a parsed batch with the folder's new last UID in one transaction.
    private func storeBatch(_ messages: [ParsedArrival], folder: String, uidValidity: UInt64, lastUID: UInt64,
                            into report: inout FolderFetchReport) throws {
        let time = now()
        try store.database.transaction {
            for arrival in messages {
                let outcome = try store.store(arrival.message, sourceID: sourceID, folder: folder, item: "\(uidValidity):\(arrival.uid)", at: time,
                                              receivedAt: arrival.receivedAt)
                switch outcome {
                case .stored: report.new += 1
                case .alreadyStored: report.alreadyStored += 1
                }
            }
            try store.database.run("""
                UPDATE imap_folder SET last_uid = MAX(last_uid, ?3) WHERE source = ?1 AND folder = ?2 AND uid_validity = ?4
                """, .integer(sourceID), .text(folder), .integer(Int64(lastUID)), .integer(Int64(uidValidity)))
        }
        report.messages += messages.count
    }

    /// Splits the waiting messages into commands of at most `messages` messages and about `bytes`
    /// bytes (a larger message gets a command of its own).
    static func batches(_ refs: [IMAPMessageRef], messages: Int, bytes: UInt64) -> [[UInt64]] {
        var batches: [[UInt64]] = []
        var current: [UInt64] = []
        var size: UInt64 = 0
        for ref in refs {
            if !current.isEmpty && (current.count >= messages || size + ref.size > bytes) {
                batches.append(current)
                current = []
                size = 0
            }
            current.append(ref.uid)
            size += ref.size
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }
}

/// A fetched message, parsed and digested, with where and when it reached the mailbox.
private struct ParsedArrival: Sendable {
    var uid: UInt64
    var receivedAt: Date?
    var message: IncomingMessage
}

/// Lends the connection to the reading thread; the lender waits for that thread to end before it
/// uses the connection again, so it is never used by two threads at once.
private final class ConnectionBox: @unchecked Sendable {
    let connection: IMAPConnection

    init(_ connection: IMAPConnection) {
        self.connection = connection
    }
}
