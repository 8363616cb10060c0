import Foundation
import ArchivistModel

/// An archived message in a listing, with the records it is attached to that the viewer may see.
public struct ArchivedEntry: Sendable, Codable {
    public var message: MessageSummary
    public var archivedAt: Date
    public var records: [RecordRef]
    /// The roles that may read it; empty means everyone who sees one of its records.
    public var roles: [String]

    enum CodingKeys: String, CodingKey {
        case message
        case archivedAt = "archived_at"
        case records, roles
    }
}

/// What archiving or attaching did.
public struct LinkOutcome: Sendable, Codable, Equatable {
    /// Whether this was the message's first archiving.
    public var firstArchiving = false
    public var attached: [RecordRef] = []
    public var alreadyAttached: [RecordRef] = []
    /// The role restriction the message has now.
    public var roles: [String] = []

    public init() {}

    enum CodingKeys: String, CodingKey {
        case firstArchiving = "first_archiving"
        case attached
        case alreadyAttached = "already_attached"
        case roles
    }
}

/// The archive: which stored messages are attached to which records, and who may read them.
/// Archiving never copies a message; it adds links to the one stored copy.
public struct ArchiveStore {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func isArchived(_ message: Int64) throws -> Bool {
        try database.queryFirst("SELECT 1 FROM archived WHERE message = ?", .integer(message)) { _ in true } ?? false
    }

    /// The message's role restriction.
    public func roles(of message: Int64) throws -> [String] {
        try database.query("SELECT role FROM archived_role WHERE message = ? ORDER BY role", .integer(message)) { $0.string(0) }
    }

    /// Attaches a message to records, archiving it first (with `roles` as its restriction) when it
    /// was not archived yet. The links and their audit entries are one transaction.
    ///
    /// - Parameter records: row ids with the references they stand for.
    public func link(_ message: Int64, messageID: String?, to records: [(id: Int64, ref: RecordRef)], roles: [String]?,
                     actor: String, via: String? = nil) throws -> LinkOutcome {
        try database.transaction {
            var outcome = LinkOutcome()
            let now = Int64(Date().timeIntervalSince1970)
            let audit = AuditLog(database: database)
            if try !isArchived(message) {
                outcome.firstArchiving = true
                let restriction = Array(Set(roles ?? [])).sorted()
                try database.run("INSERT INTO archived (message, restricted, archived_at, archived_by) VALUES (?, ?, ?, ?)",
                                 .integer(message), .integer(restriction.isEmpty ? 0 : 1), .integer(now), .text(actor))
                for role in restriction {
                    try database.run("INSERT INTO archived_role (message, role) VALUES (?, ?)", .integer(message), .text(role))
                }
            }
            for (index, record) in records.enumerated() {
                let added = try database.run("""
                    INSERT INTO link (message, record, linked_at, linked_by) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING
                    """, .integer(message), .integer(record.id), .integer(now), .text(actor)) == 1
                if added {
                    outcome.attached.append(record.ref)
                    let action: AuditEntry.Action = outcome.firstArchiving && index == 0 ? .archive : .attach
                    let restriction = try self.roles(of: message)
                    try audit.append(AuditEntry(actor: actor, via: via, action: action, message: message, messageID: messageID, record: record.ref,
                                                detail: action == .archive && !restriction.isEmpty ? "roles: " + restriction.joined(separator: ",") : nil))
                } else {
                    outcome.alreadyAttached.append(record.ref)
                }
            }
            outcome.roles = try self.roles(of: message)
            return outcome
        }
    }

    /// Takes back links just made (a reviewer's undo); when they were the message's first
    /// archiving, the message is no longer archived.
    public func unlink(_ message: Int64, messageID: String?, records: [(id: Int64, ref: RecordRef)], wasFirstArchiving: Bool, actor: String) throws {
        try database.transaction {
            let audit = AuditLog(database: database)
            for record in records {
                try database.run("DELETE FROM link WHERE message = ? AND record = ?", .integer(message), .integer(record.id))
                try audit.append(AuditEntry(actor: actor, action: .undo, message: message, messageID: messageID, record: record.ref, detail: "link taken back"))
            }
            let remaining = try database.queryFirst("SELECT COUNT(*) FROM link WHERE message = ?", .integer(message)) { $0.int(0) } ?? 0
            if wasFirstArchiving && remaining == 0 {
                try database.run("DELETE FROM archived_role WHERE message = ?", .integer(message))
                try database.run("DELETE FROM archived WHERE message = ?", .integer(message))
            }
        }
    }

    /// Replaces an archived message's role restriction; empty clears it.
    public func setRoles(_ message: Int64, messageID: String?, roles: [String], actor: String) throws {
        try database.transaction {
            let restriction = Array(Set(roles)).sorted()
            let before = try self.roles(of: message)
            try database.run("DELETE FROM archived_role WHERE message = ?", .integer(message))
            for role in restriction {
                try database.run("INSERT INTO archived_role (message, role) VALUES (?, ?)", .integer(message), .text(role))
            }
            try database.run("UPDATE archived SET restricted = ? WHERE message = ?", .integer(restriction.isEmpty ? 0 : 1), .integer(message))
            try AuditLog(database: database).append(AuditEntry(
                actor: actor, action: .roles, message: message, messageID: messageID,
                detail: "roles: \(before.isEmpty ? "everyone" : before.joined(separator: ",")) -> \(restriction.isEmpty ? "everyone" : restriction.joined(separator: ","))"))
        }
    }

    /// Archived messages the viewer may read, newest first, optionally only those attached to one
    /// record (its row id).
    public func list(record: Int64?, for viewer: Viewer, limit: Int?) throws -> [ArchivedEntry] {
        try database.install(viewer)
        let select = """
            SELECT \(MessageSummary.columns), ad.archived_at, \(MailStore.visibleRecords(viewer)),
                   (SELECT group_concat(role, ',') FROM archived_role ar WHERE ar.message = m.id)
            """
        let sql: String
        var values: [SQLValue] = []
        if let record {
            sql = select + """
                 FROM link k JOIN message m ON m.id = k.message JOIN archived ad ON ad.message = m.id
                WHERE k.record = ? AND \(viewer.messageVisible("m.id"))
                ORDER BY m.date DESC, m.id DESC LIMIT ?
                """
            values = [.integer(record), .integer(Int64(limit ?? -1))]
        } else {
            sql = select + """
                 FROM message m JOIN archived ad ON ad.message = m.id
                WHERE \(viewer.messageVisible("m.id"))
                ORDER BY m.date DESC, m.id DESC LIMIT ?
                """
            values = [.integer(Int64(limit ?? -1))]
        }
        let statement = try database.statement(sql)
        try statement.bind(values)
        var entries: [ArchivedEntry] = []
        while try statement.step() {
            let row = Row(statement: statement)
            let n = MessageSummary.columnCount
            entries.append(ArchivedEntry(
                message: MessageSummary(row: row),
                archivedAt: Date(timeIntervalSince1970: TimeInterval(row.int(n))),
                records: MailStore.refs(row.optionalString(n + 1)),
                roles: (row.optionalString(n + 2) ?? "").split(separator: ",").map(String.init).sorted()))
        }
        return entries
    }

    /// The records a message is attached to that the viewer may see.
    public func records(of message: Int64, for viewer: Viewer) throws -> [RecordRef] {
        try database.install(viewer)
        return try database.query("""
            SELECT r.type, r.crm_id FROM link l JOIN record r ON r.id = l.record WHERE l.message = ? AND \(viewer.recordVisible("r"))
            ORDER BY r.type, r.crm_id
            """, .integer(message)) { $0.recordRef(0) }
    }
}
