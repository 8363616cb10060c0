import Foundation

/// One step of the schema: a version number, a name for people, and the SQL that takes the
/// database from the previous version to this one.
public struct Migration: Sendable {
    public var version: Int
    public var name: String
    public var sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}

/// Applies migrations in order, each in one immediate transaction together with its bookkeeping
/// row in `schema_migrations`, so a crash leaves the schema at a version it knows.
struct Migrator {
    var migrations: [Migration]

    func migrate(_ db: Database) throws {
        try db.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                applied_at INTEGER NOT NULL
            )
            """)
        let known = migrations.map(\.version).max() ?? 0
        let current = try db.queryFirst("SELECT COALESCE(MAX(version), 0) FROM schema_migrations") { $0.int(0) } ?? 0
        if current > known {
            throw StoreError.newerThanProgram(path: db.path, databaseVersion: current, programVersion: known)
        }
        for migration in migrations.sorted(by: { $0.version < $1.version }) where migration.version > current {
            do {
                try db.transaction {
                    // Another process may have applied it while this one waited for the lock.
                    let done = try db.queryFirst("SELECT 1 FROM schema_migrations WHERE version = ?", .integer(Int64(migration.version))) { _ in true } ?? false
                    if done { return }
                    try db.execute(migration.sql)
                    try db.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                               .integer(Int64(migration.version)), .text(migration.name), .integer(Int64(Date().timeIntervalSince1970)))
                }
            } catch let error as StoreError {
                if case .busy = error { throw error }
                throw StoreError.migrationFailed(version: migration.version, name: migration.name, reason: "\(error)")
            }
        }
    }
}

extension Database {
    /// The highest migration applied to this database.
    public func schemaVersion() throws -> Int {
        try queryFirst("SELECT COALESCE(MAX(version), 0) FROM schema_migrations") { $0.int(0) } ?? 0
    }
}
