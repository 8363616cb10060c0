import Foundation
internal import CSQLite
internal import CShims

/// A value bound to or read from an SQL statement.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

extension SQLValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(nilLiteral: ()) { self = .null }

    public init(_ value: String?) { self = value.map { .text($0) } ?? .null }
    public init(_ value: Int?) { self = value.map { .integer(Int64($0)) } ?? .null }
}

/// One SQLite connection: WAL journal, foreign keys on, a busy timeout, and the schema migrated to
/// what this program knows.
///
/// Not `Sendable`: the connection is opened without SQLite's own mutex, so it must stay inside one
/// task or thread.
public final class Database {
    /// The file this connection opened.
    public let path: String
    private let handle: OpaquePointer
    private var cache: [String: Statement] = [:]
    /// The viewer the temporary access tables describe on this connection, so ``install(_:)``
    /// writes them only when the viewer changes.
    var installedViewer: Viewer?

    /// How long a writer waits for another process's transaction before giving up.
    public static let busyTimeoutMilliseconds: Int32 = 10_000

    /// Opens (creating when missing, with mode 0600) and migrates the database at `path`.
    ///
    /// - Throws: ``StoreError/cannotOpen(path:reason:)`` when the file cannot be created or read,
    ///   ``StoreError/newerThanProgram(path:databaseVersion:programVersion:)`` when a newer
    ///   Archivist wrote it, or the error of a failed migration.
    public init(path: String, migrations: [Migration] = Schema.migrations) throws(StoreError) {
        self.path = path
        try Self.createFileIfMissing(path)
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let reason = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_close_v2(db)
            throw .cannotOpen(path: path, reason: reason)
        }
        handle = db
        sqlite3_busy_timeout(db, Self.busyTimeoutMilliseconds)
        sqlite3_extended_result_codes(db, 1)
        do {
            try execute("PRAGMA journal_mode = WAL")
            try execute("PRAGMA foreign_keys = ON")
            try execute("PRAGMA synchronous = NORMAL")
            try Migrator(migrations: migrations).migrate(self)
        } catch let error as StoreError {
            if case let .sqlite(code, message, _) = error, code & 0xFF == SQLITE_NOTADB {
                throw .cannotOpen(path: path, reason: message)
            }
            throw error
        } catch {
            throw .cannotOpen(path: path, reason: "\(error)")
        }
    }

    deinit {
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Creates the file with mode 0600 (and its folder with 0700) before SQLite opens it, so mail
    /// is never readable by other users, not even for a moment. SQLite gives the -wal and -shm
    /// files the same mode.
    private static func createFileIfMissing(_ path: String) throws(StoreError) {
        if FileManager.default.fileExists(atPath: path) { return }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty && !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw .cannotOpen(path: path, reason: "cannot create the folder \(folder)")
            }
        }
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if fd < 0 {
            if errno == EEXIST { return }
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        close(fd)
    }

    // MARK: Statements

    /// A prepared statement for `sql`, kept for reuse on this connection.
    public func statement(_ sql: String) throws(StoreError) -> Statement {
        if let cached = cache[sql] {
            cached.reset()
            return cached
        }
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw error(rc, sql: sql) }
        let statement = Statement(handle: stmt, database: self, sql: sql)
        cache[sql] = statement
        return statement
    }

    /// Runs one or more statements that return no rows and take no values.
    public func execute(_ sql: String) throws(StoreError) {
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw error(rc, sql: sql) }
    }

    /// Runs one statement with values and returns the number of rows it changed.
    @discardableResult
    public func run(_ sql: String, _ values: SQLValue...) throws(StoreError) -> Int {
        try run(sql, values)
    }

    /// Runs one statement with values and returns the number of rows it changed.
    @discardableResult
    public func run(_ sql: String, _ values: [SQLValue]) throws(StoreError) -> Int {
        let statement = try statement(sql)
        try statement.bind(values)
        while try statement.step() {}
        return Int(sqlite3_changes(handle))
    }

    /// Runs a query and maps each row.
    public func query<T>(_ sql: String, _ values: SQLValue..., row: (Row) throws -> T) throws -> [T] {
        let statement = try statement(sql)
        try statement.bind(values)
        var rows: [T] = []
        while try statement.step() {
            rows.append(try row(Row(statement: statement)))
        }
        return rows
    }

    /// The first row of a query, mapped, or nil when there is none.
    public func queryFirst<T>(_ sql: String, _ values: SQLValue..., row: (Row) throws -> T) throws -> T? {
        let statement = try statement(sql)
        try statement.bind(values)
        guard try statement.step() else { return nil }
        let value = try row(Row(statement: statement))
        statement.reset()
        return value
    }

    /// The rowid of the last row inserted on this connection.
    public var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    // MARK: Transactions

    /// Runs `body` in an immediate transaction: all of it is committed, or none of it.
    ///
    /// Immediate, so that two processes writing at once wait for each other (up to the busy timeout)
    /// instead of failing half-way on a lock upgrade.
    ///
    /// Inside another transaction it is a savepoint: its part is undone on error, and the outer
    /// transaction decides the rest.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        if sqlite3_get_autocommit(handle) == 0 {
            try execute("SAVEPOINT nested")
            do {
                let result = try body()
                try execute("RELEASE nested")
                return result
            } catch {
                try? execute("ROLLBACK TO nested")
                try? execute("RELEASE nested")
                throw error
            }
        }
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    func error(_ rc: Int32, sql: String) -> StoreError {
        if rc & 0xFF == SQLITE_BUSY || rc & 0xFF == SQLITE_LOCKED {
            return .busy(path: path)
        }
        return .sqlite(code: rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }
}

/// A prepared statement, owned by its ``Database`` and finalised with it.
public final class Statement {
    private let handle: OpaquePointer
    private unowned let database: Database
    let sql: String

    init(handle: OpaquePointer, database: Database, sql: String) {
        self.handle = handle
        self.database = database
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func bind(_ values: [SQLValue]) throws(StoreError) {
        for (i, value) in values.enumerated() {
            let index = Int32(i + 1)
            let rc: Int32
            switch value {
            case .null:
                rc = sqlite3_bind_null(handle, index)
            case let .integer(v):
                rc = sqlite3_bind_int64(handle, index, v)
            case let .real(v):
                rc = sqlite3_bind_double(handle, index, v)
            case let .text(v):
                rc = sqlite3_bind_text(handle, index, v, -1, csqlite_transient())
            case let .blob(v):
                rc = v.withUnsafeBytes { sqlite3_bind_blob64(handle, index, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1), sqlite3_uint64($0.count), csqlite_transient()) }
            }
            guard rc == SQLITE_OK else { throw database.error(rc, sql: sql) }
        }
    }

    /// Advances to the next row; false when the statement is done.
    func step() throws(StoreError) -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = database.error(rc, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    fileprivate func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    fileprivate func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    fileprivate func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }
    fileprivate func text(_ column: Int32) -> String? {
        guard let p = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self)
    }
    fileprivate func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let p = sqlite3_column_blob(handle, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: p, count: count))
    }
}

/// The current row of a query, read by column index.
public struct Row {
    init(statement: Statement) {
        self.statement = statement
    }

    fileprivate let statement: Statement

    public func isNull(_ column: Int) -> Bool { statement.isNull(Int32(column)) }
    public func int(_ column: Int) -> Int { Int(statement.int64(Int32(column))) }
    public func int64(_ column: Int) -> Int64 { statement.int64(Int32(column)) }
    public func optionalInt(_ column: Int) -> Int? { isNull(column) ? nil : int(column) }
    public func double(_ column: Int) -> Double { statement.double(Int32(column)) }
    public func string(_ column: Int) -> String { statement.text(Int32(column)) ?? "" }
    public func optionalString(_ column: Int) -> String? { isNull(column) ? nil : statement.text(Int32(column)) }
    public func bytes(_ column: Int) -> [UInt8] { statement.blob(Int32(column)) }
}
