import Foundation
import ArchivistModel

/// One entry of the audit log: who did what to which message and record, and when.
public struct AuditEntry: Sendable, Codable, Equatable {
    public enum Action: String, Sendable, Codable {
        /// A message was archived for the first time.
        case archive
        /// A message was attached to a further record.
        case attach
        /// A message's role restriction was changed.
        case roles
        /// Queue arrivals went, or a stored message nothing referred to any more was deleted.
        case purge
        /// A reviewer took back a link they had just made.
        case undo
    }

    public var at: Date
    /// A user's name, or `engine`.
    public var actor: String
    /// For the engine: the rule or signal that decided.
    public var via: String?
    public var action: Action
    public var message: Int64?
    public var messageID: String?
    public var record: RecordRef?
    public var detail: String?

    public init(at: Date = Date(), actor: String, via: String? = nil, action: Action, message: Int64? = nil,
                messageID: String? = nil, record: RecordRef? = nil, detail: String? = nil) {
        self.at = at
        self.actor = actor
        self.via = via
        self.action = action
        self.message = message
        self.messageID = messageID
        self.record = record
        self.detail = detail
    }

    enum CodingKeys: String, CodingKey {
        case at, actor, via, action, message
        case messageID = "message_id"
        case record, detail
    }
}

/// The audit log: appended to in the same transaction as the change it records.
public struct AuditLog {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func append(_ entry: AuditEntry) throws {
        try database.run("""
            INSERT INTO audit (at, actor, via, action, message, message_id, record, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, .integer(Int64(entry.at.timeIntervalSince1970)), .text(entry.actor), SQLValue(entry.via), .text(entry.action.rawValue),
            entry.message.map { .integer($0) } ?? .null, SQLValue(entry.messageID), SQLValue(entry.record?.description), SQLValue(entry.detail))
    }

    /// Entries, newest first, about messages the viewer may read (all entries for the whole-archive
    /// view, including those of purged messages).
    public func entries(message: Int64?, record: RecordRef?, for viewer: Viewer, limit: Int?) throws -> [AuditEntry] {
        try database.install(viewer)
        return try database.query("""
            SELECT at, actor, via, action, message, message_id, record, detail FROM audit
            WHERE (?1 IS NULL OR message = ?1) AND (?2 IS NULL OR record = ?2)
              AND (\(viewer.seesEverything ? "1" : "message IS NOT NULL AND " + viewer.messageVisible("audit.message")))
            ORDER BY at DESC, id DESC LIMIT ?3
            """, message.map { .integer($0) } ?? .null, SQLValue(record?.description), .integer(Int64(limit ?? -1))) { row in
            AuditEntry(at: Date(timeIntervalSince1970: TimeInterval(row.int(0))), actor: row.string(1), via: row.optionalString(2),
                       action: AuditEntry.Action(rawValue: row.string(3)) ?? .archive, message: row.isNull(4) ? nil : row.int64(4),
                       messageID: row.optionalString(5), record: row.optionalString(6).flatMap(RecordRef.init), detail: row.optionalString(7))
        }
    }
}
