import Foundation
import ArchivistMail

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

    /// Digests and keeps a parsed message; call it off the database's thread when throughput matters.
    public init(raw: [UInt8], parsed: ParsedMessage) {
        self.raw = raw
        self.sha256 = MessageDigest.sha256(raw)
        self.parsed = parsed
    }
}

/// What storing one arrival did.
public enum StoreOutcome: Sendable, Equatable {
    /// The content was new and is now stored once.
    case stored(messageID: Int64)
    /// The content was already stored; only the arrival was recorded, if it was new.
    case alreadyStored(messageID: Int64)
}

/// One message of the queue with where it arrived from.
public struct QueueEntry: Sendable, Codable {
    /// The stored message's id, which commands accept as MESSAGE.
    public var id: Int64
    public var messageID: String?
    public var date: Date?
    public var subject: String?
    public var from: [MailAddress]
    public var defects: [String]
    public var size: Int
    /// When the first arrival of this message was recorded.
    public var firstArrival: Date
    public var sources: [String]

    enum CodingKeys: String, CodingKey {
        case id
        case messageID = "message_id"
        case date, subject, from, defects, size
        case firstArrival = "first_arrival"
        case sources
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
    public func store(_ message: IncomingMessage, sourceID: Int64, folder: String, item: String, at time: Date = Date()) throws -> StoreOutcome {
        let outcome: StoreOutcome
        if let id = try database.queryFirst("SELECT id FROM message WHERE sha256 = ?", .blob(message.sha256), row: { $0.int64(0) }) {
            outcome = .alreadyStored(messageID: id)
        } else {
            let p = message.parsed
            try database.run("""
                INSERT INTO message (sha256, size, raw, message_id, date, subject, sender, defects, stored_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                .blob(message.sha256), .integer(Int64(message.raw.count)), .blob(message.raw),
                SQLValue(p.messageID), p.date.map { .integer(Int64($0.timeIntervalSince1970)) } ?? .null,
                SQLValue(p.subject), .text(JSONText.encode(p.from)), .text(JSONText.encode(p.defects)),
                .integer(Int64(time.timeIntervalSince1970)))
            outcome = .stored(messageID: database.lastInsertedRowID)
        }
        let id: Int64 = switch outcome { case let .stored(id), let .alreadyStored(id): id }
        try database.run("""
            INSERT INTO arrival (message, source, folder, item, fetched_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (source, folder, item) DO NOTHING
            """, .integer(id), .integer(sourceID), .text(folder), .text(item), .integer(Int64(time.timeIntervalSince1970)))
        return outcome
    }

    /// The queue, newest arrival first.
    public func queue(limit: Int? = nil) throws -> [QueueEntry] {
        try database.query("""
            SELECT m.id, m.message_id, m.date, m.subject, m.sender, m.defects, m.size,
                   MIN(a.fetched_at), group_concat(DISTINCT s.name)
            FROM message m JOIN arrival a ON a.message = m.id JOIN source s ON s.id = a.source
            GROUP BY m.id
            ORDER BY MIN(a.fetched_at) DESC, m.date DESC, m.id DESC
            LIMIT ?
            """, .integer(Int64(limit ?? -1))) { row in
            QueueEntry(
                id: row.int64(0), messageID: row.optionalString(1),
                date: row.optionalInt(2).map { Date(timeIntervalSince1970: TimeInterval($0)) },
                subject: row.optionalString(3),
                from: JSONText.decode([MailAddress].self, row.string(4)) ?? [],
                defects: JSONText.decode([String].self, row.string(5)) ?? [],
                size: row.int(6),
                firstArrival: Date(timeIntervalSince1970: TimeInterval(row.int(7))),
                sources: row.string(8).split(separator: ",").map(String.init))
        }
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
