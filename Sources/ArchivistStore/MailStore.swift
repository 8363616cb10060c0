import Foundation
import ArchivistMail
import ArchivistModel

/// Where a message came from: a source (an IMAP account or a local import), a folder in it, and the
/// item's name there (an IMAP UID, a file name).
public struct ArrivalPlace: Sendable, Hashable {
    public var source: String
    public var folder: String
    public var item: String

    public init(source: String, folder: String, item: String) {
        self.source = source
        self.folder = folder
        self.item = item
    }
}

/// A message ready to be stored: its raw bytes, their digest and what the parser read.
public struct IncomingMessage: Sendable {
    public var raw: [UInt8]
    public var sha256: [UInt8]
    public var parsed: ParsedMessage
    public var search: SearchDocument
    /// The thread columns (see ``ParsedMessage/threadSubject``), computed with the rest.
    public var threadSubject: String
    public var participants: String

    /// Digests a parsed message and folds its text for search; call it off the database's thread
    /// when throughput matters.
    public init(raw: [UInt8], parsed: ParsedMessage) {
        self.raw = raw
        self.sha256 = MessageDigest.sha256(raw)
        self.parsed = parsed
        self.search = SearchDocument(parsed)
        self.threadSubject = parsed.threadSubject
        self.participants = parsed.participants.joined(separator: " ")
    }
}

/// What storing one arrival did.
public enum StoreOutcome: Sendable, Equatable {
    /// The content was new and is now stored once.
    case stored(messageID: Int64)
    /// The content was already stored; only the arrival was recorded, if it was new.
    case alreadyStored(messageID: Int64)
}

/// What listings show of a stored message.
public struct MessageSummary: Sendable, Codable, Equatable {
    /// The stored message's id, which commands accept as MESSAGE.
    public var id: Int64
    public var messageID: String?
    public var date: Date?
    public var subject: String?
    public var from: [MailAddress]
    public var defects: [String]
    public var size: Int

    enum CodingKeys: String, CodingKey {
        case id
        case messageID = "message_id"
        case date, subject, from, defects, size
    }

    /// The columns ``init(row:at:)`` reads, for the message table aliased `m`.
    static let columns = "m.id, m.message_id, m.date, m.subject, m.sender, m.defects, m.size"
    static let columnCount = 7

    init(row: Row) {
        id = row.int64(0)
        messageID = row.optionalString(1)
        date = row.optionalInt(2).map { Date(timeIntervalSince1970: TimeInterval($0)) }
        subject = row.optionalString(3)
        from = JSONText.decode([MailAddress].self, row.string(4)) ?? []
        defects = JSONText.decode([String].self, row.string(5)) ?? []
        size = row.int(6)
    }
}

/// One message of the queue: where it arrived from, and where it is archived already.
public struct QueueEntry: Sendable, Codable {
    public var message: MessageSummary
    /// When the first arrival of this message was recorded.
    public var firstArrival: Date
    public var sources: [String]
    /// The records it is attached to that the viewer may see; empty when it is not archived.
    public var archivedTo: [RecordRef]

    enum CodingKeys: String, CodingKey {
        case message
        case firstArrival = "first_arrival"
        case sources
        case archivedTo = "archived_to"
    }
}

/// A stored message with its raw bytes and every arrival of it.
public struct StoredMessage: Sendable {
    public var id: Int64
    public var sha256: [UInt8]
    public var raw: [UInt8]
    public var storedAt: Date
    public var arrivals: [(place: ArrivalPlace, fetchedAt: Date)]
}

/// The tables of stored mail and the queue of arrivals.
///
/// A message is stored once, identified by the SHA-256 of its raw bytes, however many sources and
/// folders deliver it; each delivery is an arrival that points to it.
public struct MailStore {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The id of a source, created on first use.
    public func sourceID(named name: String, kind: SourceKind) throws -> Int64 {
        if let id = try database.queryFirst("SELECT id FROM source WHERE name = ?", .text(name), row: { $0.int64(0) }) {
            return id
        }
        try database.run("INSERT INTO source (name, kind) VALUES (?, ?)", .text(name), .text(kind.rawValue))
        return database.lastInsertedRowID
    }

    /// The items already recorded for a folder of a source, each with the number of defects of its
    /// message, so a repeated import can skip them without reading them again.
    public func knownItems(sourceID: Int64, folder: String) throws -> [String: Int] {
        let rows = try database.query("""
            SELECT a.item, json_array_length(m.defects) FROM arrival a JOIN message m ON m.id = a.message
            WHERE a.source = ? AND a.folder = ?
            """, .integer(sourceID), .text(folder)) { ($0.string(0), $0.int(1)) }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }

    /// Stores a message (unless its content is already stored) and records its arrival (unless this
    /// place already delivered it). Call inside a transaction to group many.
    @discardableResult
    public func store(_ message: IncomingMessage, sourceID: Int64, folder: String, item: String, at time: Date = Date(),
                      receivedAt: Date? = nil) throws -> StoreOutcome {
        let outcome: StoreOutcome
        if let id = try database.queryFirst("SELECT id FROM message WHERE sha256 = ?", .blob(message.sha256), row: { $0.int64(0) }) {
            outcome = .alreadyStored(messageID: id)
        } else {
            let p = message.parsed
            try database.run("""
                INSERT INTO message (sha256, size, raw, message_id, date, subject, sender, defects, stored_at, thread_subject, participants)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                .blob(message.sha256), .integer(Int64(message.raw.count)), .blob(message.raw),
                SQLValue(p.messageID), p.date.map { .integer(Int64($0.timeIntervalSince1970)) } ?? .null,
                SQLValue(p.subject), .text(JSONText.encode(p.from)), .text(JSONText.encode(p.defects)),
                .integer(Int64(time.timeIntervalSince1970)), .text(message.threadSubject), .text(message.participants))
            outcome = .stored(messageID: database.lastInsertedRowID)
            try SearchIndex(database: database).index(database.lastInsertedRowID, message.search)
        }
        let id: Int64 = switch outcome { case let .stored(id), let .alreadyStored(id): id }
        try database.run("""
            INSERT INTO arrival (message, source, folder, item, fetched_at, received_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (source, folder, item) DO NOTHING
            """, .integer(id), .integer(sourceID), .text(folder), .text(item), .integer(Int64(time.timeIntervalSince1970)),
            receivedAt.map { .integer(Int64($0.timeIntervalSince1970)) } ?? .null)
        return outcome
    }

    /// The queue as the viewer may see it: messages with an arrival since the viewer's cutoff,
    /// newest first by their Date, as a mail client lists them.
    ///
    /// Driven by the index on the Date, so the newest page costs the same however long the
    /// queue is.
    public func queue(for viewer: Viewer, limit: Int? = nil) throws -> [QueueEntry] {
        try database.install(viewer)
        return try database.query("""
            SELECT \(MessageSummary.columns),
                   (SELECT MIN(a.fetched_at) FROM arrival a WHERE a.message = m.id AND a.fetched_at >= ?1),
                   (SELECT group_concat(DISTINCT s.name) FROM arrival a JOIN source s ON s.id = a.source
                    WHERE a.message = m.id AND a.fetched_at >= ?1),
                   \(Self.visibleRecords(viewer))
            FROM message m
            WHERE EXISTS (SELECT 1 FROM arrival a WHERE a.message = m.id AND a.fetched_at >= ?1)
              AND \(viewer.messageVisible("m.id"))
            ORDER BY m.date DESC, m.id DESC
            LIMIT ?2
            """, .integer(viewer.queueCutoff), .integer(Int64(limit ?? -1))) { row in
            let n = MessageSummary.columnCount
            return QueueEntry(
                message: MessageSummary(row: row),
                firstArrival: Date(timeIntervalSince1970: TimeInterval(row.int(n))),
                sources: row.string(n + 1).split(separator: ",").map(String.init),
                archivedTo: Self.refs(row.optionalString(n + 2)))
        }
    }

    /// SQL for the records the message `m` is attached to that the viewer may see, as
    /// space-separated `TYPE:ID`.
    static func visibleRecords(_ viewer: Viewer) -> String {
        "(SELECT group_concat(r.type || ':' || r.crm_id, ' ') FROM link l JOIN record r ON r.id = l.record WHERE l.message = m.id AND \(viewer.recordVisible("r")))"
    }

    static func refs(_ text: String?) -> [RecordRef] {
        (text ?? "").split(separator: " ").compactMap { RecordRef(String($0)) }.sorted()
    }

    /// Whether the viewer may read the stored message: the one access check behind every read.
    public func isVisible(_ id: Int64, to viewer: Viewer) throws -> Bool {
        try database.install(viewer)
        return try database.queryFirst("SELECT 1 FROM message m WHERE m.id = ? AND \(viewer.messageVisible("m.id"))", .integer(id)) { _ in true } ?? false
    }

    /// Summaries of the given messages, in the given order (ids that do not exist are left out).
    public func summaries(_ ids: [Int64]) throws -> [MessageSummary] {
        try ids.compactMap { id in
            try database.queryFirst("SELECT \(MessageSummary.columns) FROM message m WHERE m.id = ?", .integer(id)) { MessageSummary(row: $0) }
        }
    }

    /// Deletes arrivals older than `cutoff` and then every stored message that nothing refers to
    /// any more (no arrival, not archived), with its search entry, recording each in the audit log.
    public func purge(arrivalsBefore cutoff: Int64, actor: String) throws -> PurgeReport {
        try database.transaction {
            var report = PurgeReport()
            report.arrivalsRemoved = try database.run("DELETE FROM arrival WHERE fetched_at < ?", .integer(cutoff))
            let orphans = try database.query("""
                SELECT m.id, m.message_id FROM message m
                WHERE NOT EXISTS (SELECT 1 FROM arrival a WHERE a.message = m.id)
                  AND NOT EXISTS (SELECT 1 FROM archived ad WHERE ad.message = m.id)
                """) { ($0.int64(0), $0.optionalString(1)) }
            let search = SearchIndex(database: database)
            let audit = AuditLog(database: database)
            for (id, messageID) in orphans {
                try search.remove(id)
                try database.run("DELETE FROM derive_backlog WHERE message = ?", .integer(id))
                try database.run("DELETE FROM review_item WHERE message = ?", .integer(id))
                try database.run("DELETE FROM match_decision WHERE message = ?", .integer(id))
                try database.run("DELETE FROM message WHERE id = ?", .integer(id))
                try audit.append(AuditEntry(actor: actor, action: .purge, message: id, messageID: messageID,
                                            detail: "deleted: no longer queued and never archived"))
            }
            report.messagesDeleted = orphans.count
            if report.arrivalsRemoved > 0 {
                try audit.append(AuditEntry(actor: actor, action: .purge, detail: "\(report.arrivalsRemoved) queue arrivals older than the retention period removed"))
            }
            return report
        }
    }

    /// Messages whose derived data is to be computed again (after a migration added some).
    public func deriveBacklog(limit: Int) throws -> [Int64] {
        try database.query("SELECT message FROM derive_backlog ORDER BY message LIMIT ?", .integer(Int64(limit))) { $0.int64(0) }
    }

    /// Writes a message's derived data: its search entry and thread columns.
    public func derive(_ id: Int64, _ parsed: ParsedMessage, _ search: SearchDocument) throws {
        try SearchIndex(database: database).index(id, search)
        try database.run("UPDATE message SET thread_subject = ?, participants = ? WHERE id = ?",
                         .text(parsed.threadSubject), .text(parsed.participants.joined(separator: " ")), .integer(id))
        try database.run("DELETE FROM derive_backlog WHERE message = ?", .integer(id))
    }

    /// The record targets of archived messages with one of these Message-IDs.
    public func archivedTargets(messageIDs: [String]) throws -> [RecordRef] {
        var refs: Set<RecordRef> = []
        for messageID in Set(messageIDs) {
            refs.formUnion(try database.query("""
                SELECT r.type, r.crm_id FROM message m JOIN link l ON l.message = m.id JOIN record r ON r.id = l.record
                WHERE m.message_id = ?
                """, .text(messageID)) { $0.recordRef(0) })
        }
        return refs.sorted()
    }

    /// The record targets of other archived messages with this thread subject, at least one
    /// participant in common, and a date no later than `date`.
    public func archivedTargets(threadSubject: String, participants: [String], excluding id: Int64?, before date: Date?) throws -> [RecordRef] {
        guard threadSubject.count >= 6, !participants.isEmpty else { return [] }
        let mine = Set(participants)
        let siblings = try database.query("""
            SELECT m.id, m.participants FROM message m WHERE m.thread_subject = ?1 AND m.id IS NOT ?2
              AND (?3 IS NULL OR m.date IS NULL OR m.date <= ?3)
              AND EXISTS (SELECT 1 FROM archived a WHERE a.message = m.id)
            """, .text(threadSubject), id.map { .integer($0) } ?? .null, date.map { .integer(Int64($0.timeIntervalSince1970)) } ?? .null) { ($0.int64(0), $0.string(1)) }
        var refs: Set<RecordRef> = []
        for (sibling, others) in siblings where !mine.isDisjoint(with: others.split(separator: " ").map(String.init)) {
            refs.formUnion(try database.query("""
                SELECT r.type, r.crm_id FROM link l JOIN record r ON r.id = l.record WHERE l.message = ?
                """, .integer(sibling)) { $0.recordRef(0) })
        }
        return refs.sorted()
    }

    /// The raw bytes of a stored message, or nil.
    public func raw(id: Int64) throws -> [UInt8]? {
        try database.queryFirst("SELECT raw FROM message WHERE id = ?", .integer(id)) { $0.bytes(0) }
    }

    /// The stored message with this id, or nil.
    public func message(id: Int64) throws -> StoredMessage? {
        guard var message = try database.queryFirst("SELECT id, sha256, raw, stored_at FROM message WHERE id = ?", .integer(id), row: { row in
            StoredMessage(id: row.int64(0), sha256: row.bytes(1), raw: row.bytes(2),
                          storedAt: Date(timeIntervalSince1970: TimeInterval(row.int(3))), arrivals: [])
        }) else { return nil }
        message.arrivals = try database.query("""
            SELECT s.name, a.folder, a.item, a.fetched_at FROM arrival a JOIN source s ON s.id = a.source
            WHERE a.message = ? ORDER BY a.fetched_at, a.id
            """, .integer(id)) { row in
            (ArrivalPlace(source: row.string(0), folder: row.string(1), item: row.string(2)),
             Date(timeIntervalSince1970: TimeInterval(row.int(3))))
        }
        return message
    }

    /// The ids of stored messages with this Message-ID (angle brackets optional), oldest first.
    public func messageIDs(forMessageID messageID: String) throws -> [Int64] {
        let bare = messageID.trimmingCharacters(in: CharacterSet(charactersIn: "<> "))
        return try database.query("SELECT id FROM message WHERE message_id = ? ORDER BY id", .text(bare)) { $0.int64(0) }
    }

    /// How many messages are stored, and their raw size in bytes.
    public func totals() throws -> (messages: Int, bytes: Int) {
        try database.queryFirst("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM message") { ($0.int(0), $0.int(1)) } ?? (0, 0)
    }
}

/// What a purge removed.
public struct PurgeReport: Sendable, Codable, Equatable {
    public var arrivalsRemoved = 0
    public var messagesDeleted = 0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case arrivalsRemoved = "arrivals_removed"
        case messagesDeleted = "messages_deleted"
    }
}

/// The kinds of mail source.
public enum SourceKind: String, Sendable {
    /// Files imported from disk.
    case local
    /// An IMAP account.
    case imap
}

/// Compact JSON for the columns that hold lists.
enum JSONText {
    static func encode<T: Encodable>(_ value: T) -> String {
        guard let data = try? JSONEncoder().encode(value) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) -> T? {
        try? JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
