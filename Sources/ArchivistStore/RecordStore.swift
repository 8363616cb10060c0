import Foundation
import ArchivistModel

/// What a records import changed.
public struct RecordChanges: Sendable, Codable, Equatable {
    public var added = 0
    public var updated = 0
    public var unchanged = 0

    public init() {}

    public static func += (a: inout RecordChanges, b: RecordChanges) {
        a.added += b.added
        a.updated += b.updated
        a.unchanged += b.unchanged
    }
}

/// The CRM's records, kept by type and CRM id.
public struct RecordStore {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Adds or updates records by type and id. Call inside a transaction to make an import all or
    /// nothing.
    public func upsert(_ records: [Record]) throws -> RecordChanges {
        var changes = RecordChanges()
        let now = Int64(Date().timeIntervalSince1970)
        for record in records {
            let fields = JSONText.encode(record)
            let existing = try database.queryFirst("SELECT id, fields FROM record WHERE type = ? AND crm_id = ?",
                                                   .text(record.ref.type.rawValue), .text(record.ref.id)) { ($0.int64(0), $0.string(1)) }
            let rowID: Int64
            if let (id, oldFields) = existing {
                if JSONText.decode(Record.self, oldFields) == record {
                    changes.unchanged += 1
                    continue
                }
                try database.run("UPDATE record SET name = ?, fields = ?, restricted = ?, updated_at = ? WHERE id = ?",
                                 .text(record.name), .text(fields), .integer(record.roles.isEmpty ? 0 : 1), .integer(now), .integer(id))
                rowID = id
                changes.updated += 1
            } else {
                try database.run("INSERT INTO record (type, crm_id, name, fields, restricted, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                                 .text(record.ref.type.rawValue), .text(record.ref.id), .text(record.name), .text(fields),
                                 .integer(record.roles.isEmpty ? 0 : 1), .integer(now))
                rowID = database.lastInsertedRowID
                changes.added += 1
            }
            try database.run("DELETE FROM record_role WHERE record = ?", .integer(rowID))
            for role in Set(record.roles) {
                try database.run("INSERT INTO record_role (record, role) VALUES (?, ?)", .integer(rowID), .text(role))
            }
        }
        return changes
    }

    /// Whether a record exists, whoever may see it.
    public func exists(_ ref: RecordRef) throws -> Bool {
        try database.queryFirst("SELECT 1 FROM record WHERE type = ? AND crm_id = ?", .text(ref.type.rawValue), .text(ref.id)) { _ in true } ?? false
    }

    /// The record and its row id when it exists and the viewer may see it.
    public func record(_ ref: RecordRef, for viewer: Viewer) throws -> (id: Int64, record: Record)? {
        try database.install(viewer)
        return try database.queryFirst("SELECT r.id, r.fields FROM record r WHERE r.type = ? AND r.crm_id = ? AND \(viewer.recordVisible("r"))",
                                       .text(ref.type.rawValue), .text(ref.id)) { row in
            JSONText.decode(Record.self, row.string(1)).map { (row.int64(0), $0) }
        } ?? nil
    }

    /// The records the viewer may see, by type and id, each with the number of messages attached.
    public func list(type: RecordType?, for viewer: Viewer) throws -> [(record: Record, messages: Int)] {
        try database.install(viewer)
        return try database.query("""
            SELECT r.fields, (SELECT COUNT(*) FROM link l WHERE l.record = r.id AND \(viewer.messageVisible("l.message")))
            FROM record r WHERE (?1 IS NULL OR r.type = ?1) AND \(viewer.recordVisible("r"))
            ORDER BY r.type, r.crm_id
            """, type.map { .text($0.rawValue) } ?? .null) { row in
            JSONText.decode(Record.self, row.string(0)).map { ($0, row.int(1)) }
        }.compactMap { $0 }
    }

    /// Every record, for matching and for checking references.
    public func all() throws -> [Record] {
        try database.query("SELECT fields FROM record ORDER BY type, crm_id") { JSONText.decode(Record.self, $0.string(0)) }.compactMap { $0 }
    }
}
