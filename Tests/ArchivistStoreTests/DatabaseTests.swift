import Foundation
import Testing
@testable import ArchivistStore
import ArchivistTestSupport

@Suite struct DatabaseTests {
    @Test func newDatabaseIsPrivateWALAndMigrated() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("sub/folder/archive.db")
        let db = try Database(path: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try db.queryFirst("PRAGMA journal_mode") { $0.string(0) } == "wal")
        #expect(try db.queryFirst("PRAGMA foreign_keys") { $0.int(0) } == 1)
        #expect(try db.schemaVersion() == Schema.migrations.count)
    }

    @Test func migrationsRunOnceEachWithTheirBookkeeping() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("m.db")
        let first = [Migration(version: 1, name: "one", sql: "CREATE TABLE a (x)")]
        _ = try Database(path: path, migrations: first)
        let second = first + [Migration(version: 2, name: "two", sql: "CREATE TABLE b (y); INSERT INTO a VALUES (1)")]
        let db = try Database(path: path, migrations: second)
        _ = try Database(path: path, migrations: second)
        #expect(try db.query("SELECT version, name FROM schema_migrations ORDER BY version") { "\($0.int(0)) \($0.string(1))" } == ["1 one", "2 two"])
        #expect(try db.queryFirst("SELECT COUNT(*) FROM a") { $0.int(0) } == 1, "migration 2 ran exactly once")
    }

    @Test func aFailedMigrationLeavesNothingBehind() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("m.db")
        let migrations = [
            Migration(version: 1, name: "one", sql: "CREATE TABLE a (x)"),
            Migration(version: 2, name: "broken", sql: "CREATE TABLE b (y); INSERT INTO nowhere VALUES (1)"),
        ]
        #expect {
            _ = try Database(path: path, migrations: migrations)
        } throws: { error in
            guard case let StoreError.migrationFailed(version, name, _) = error else { return false }
            return version == 2 && name == "broken"
        }
        let db = try Database(path: path, migrations: Array(migrations.prefix(1)))
        #expect(try db.schemaVersion() == 1)
        #expect(try db.queryFirst("SELECT COUNT(*) FROM sqlite_master WHERE name = 'b'") { $0.int(0) } == 0)
    }

    @Test func aDatabaseNewerThanTheProgramIsAClearError() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("m.db")
        _ = try Database(path: path, migrations: Schema.migrations + [Migration(version: 99, name: "future", sql: "CREATE TABLE f (z)")])
        #expect {
            _ = try Database(path: path)
        } throws: { error in
            guard case let StoreError.newerThanProgram(_, databaseVersion, programVersion) = error else { return false }
            return databaseVersion == 99 && programVersion == Schema.migrations.count
                && "\(error)".contains("newer than this program")
        }
    }

    @Test func aFileThatIsNotADatabaseNamesThePath() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("notes.txt")
        try Data(String(repeating: "not a database\n", count: 100).utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try Database(path: path)
        } throws: { error in
            guard case let StoreError.cannotOpen(errorPath, _) = error else { return false }
            return errorPath == path
        }
    }

    @Test func transactionsRollBackOnError() throws {
        let dir = TemporaryDirectory()
        let db = try Database(path: dir.file("t.db"), migrations: [Migration(version: 1, name: "t", sql: "CREATE TABLE t (x)")])
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try db.transaction {
                try db.run("INSERT INTO t VALUES (1)")
                throw Boom()
            }
        }
        #expect(try db.queryFirst("SELECT COUNT(*) FROM t") { $0.int(0) } == 0)
    }

    @Test func sqlErrorsCarryTheSQLButNotTheValues() throws {
        let dir = TemporaryDirectory()
        let db = try Database(path: dir.file("t.db"), migrations: [Migration(version: 1, name: "t", sql: "CREATE TABLE t (x UNIQUE)")])
        try db.run("INSERT INTO t VALUES (?)", "secret-value")
        do {
            try db.run("INSERT INTO t VALUES (?)", "secret-value")
            Issue.record("a duplicate was accepted")
        } catch {
            #expect("\(error)".contains("INSERT INTO t"))
            #expect(!"\(error)".contains("secret-value"))
        }
    }
}
