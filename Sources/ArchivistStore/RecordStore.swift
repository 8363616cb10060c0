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

    /// The columns ``record(_:)`` reads, for the record table aliased `r`.
    static let columns = """
        r.type, r.crm_id, r.name, r.aliases, r.domains, r.emails, r.code, r.tax_id, r.company_id, r.first_name, r.last_name,
        (SELECT group_concat(role, char(31)) FROM record_role rr WHERE rr.record = r.id)
        """
    static let columnCount = 12
    private static let separator: Character = "\u{1F}"

    static func record(_ row: Row, at c: Int = 0) -> Record {
        func list(_ i: Int) -> [String] {
            row.optionalString(c + i).map { $0.split(separator: separator).map(String.init) } ?? []
        }
        return Record(
            ref: row.recordRef(c), name: row.string(c + 2),
            aliases: list(3), domains: list(4), emails: list(5), code: row.optionalString(c + 6), taxID: row.optionalString(c + 7),
            companyID: row.optionalString(c + 8), firstName: row.optionalString(c + 9), lastName: row.optionalString(c + 10),
            roles: list(11).sorted())
    }

    /// Adds or updates records by type and id. Call inside a transaction to make an import all or
    /// nothing.
    public func upsert(_ records: [Record]) throws -> RecordChanges {
        var changes = RecordChanges()
        let now = Int64(Date().timeIntervalSince1970)
        for var record in records {
            record.roles = Array(Set(record.roles)).sorted()
            let existing = try database.queryFirst("SELECT r.id, \(Self.columns) FROM record r WHERE r.type = ? AND r.crm_id = ?",
                                                   .text(record.ref.type.rawValue), .text(record.ref.id)) { ($0.int64(0), Self.record($0, at: 1)) }
            let joined = { (values: [String]) -> SQLValue in .text(values.joined(separator: String(Self.separator))) }
            let values: [SQLValue] = [
                .text(record.name), joined(record.aliases), joined(record.domains), joined(record.emails), SQLValue(record.code),
                SQLValue(record.taxID), SQLValue(record.companyID), SQLValue(record.firstName), SQLValue(record.lastName),
                .integer(record.roles.isEmpty ? 0 : 1), .integer(now),
            ]
            let rowID: Int64
            if let (id, old) = existing {
                if old == record {
                    changes.unchanged += 1
                    continue
                }
                try database.run("""
                    UPDATE record SET name = ?1, aliases = ?2, domains = ?3, emails = ?4, code = ?5, tax_id = ?6, company_id = ?7,
                                      first_name = ?8, last_name = ?9, restricted = ?10, updated_at = ?11 WHERE id = ?12
                    """, values + [.integer(id)])
                rowID = id
                changes.updated += 1
            } else {
                try database.run("""
                    INSERT INTO record (name, aliases, domains, emails, code, tax_id, company_id, first_name, last_name, restricted,
                                        updated_at, type, crm_id)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                    """, values + [.text(record.ref.type.rawValue), .text(record.ref.id)])
                rowID = database.lastInsertedRowID
                changes.added += 1
            }
            try database.run("DELETE FROM record_role WHERE record = ?", .integer(rowID))
            for role in record.roles {
                try database.run("INSERT INTO record_role (record, role) VALUES (?, ?)", .integer(rowID), .text(role))
            }
        }
        return changes
    }

    /// A record's row id, whoever may see it: for the engine, which archives for everyone.
    public func rowID(_ ref: RecordRef) throws -> Int64? {
        try database.queryFirst("SELECT id FROM record WHERE type = ? AND crm_id = ?", .text(ref.type.rawValue), .text(ref.id)) { $0.int64(0) }
    }

    /// Whether a record exists, whoever may see it.
    public func exists(_ ref: RecordRef) throws -> Bool {
        try database.queryFirst("SELECT 1 FROM record WHERE type = ? AND crm_id = ?", .text(ref.type.rawValue), .text(ref.id)) { _ in true } ?? false
    }

    /// The record and its row id when it exists and the viewer may see it.
    public func record(_ ref: RecordRef, for viewer: Viewer) throws -> (id: Int64, record: Record)? {
        try database.install(viewer)
        return try database.queryFirst("SELECT r.id, \(Self.columns) FROM record r WHERE r.type = ? AND r.crm_id = ? AND \(viewer.recordVisible("r"))",
                                       .text(ref.type.rawValue), .text(ref.id)) { ($0.int64(0), Self.record($0, at: 1)) }
    }

    /// The records the viewer may see, by type and id, each with the number of messages attached.
    public func list(type: RecordType?, for viewer: Viewer) throws -> [(record: Record, messages: Int)] {
        try database.install(viewer)
        return try database.query("""
            SELECT \(Self.columns), (SELECT COUNT(*) FROM link l WHERE l.record = r.id AND \(viewer.messageVisible("l.message")))
            FROM record r WHERE (?1 IS NULL OR r.type = ?1) AND \(viewer.recordVisible("r"))
            ORDER BY r.type, r.crm_id
            """, type.map { .text($0.rawValue) } ?? .null) { (Self.record($0), $0.int(Self.columnCount)) }
    }

    /// Every record, for matching and for checking references.
    public func all() throws -> [Record] {
        try database.query("SELECT \(Self.columns) FROM record r ORDER BY r.type, r.crm_id") { Self.record($0) }
    }
}

extension Row {
    /// The record named by a `type` column and the `crm_id` column after it.
    public func recordRef(_ column: Int) -> RecordRef {
        RecordRef(type: RecordType(rawValue: string(column)) ?? .company, id: string(column + 1))
    }
}
