/// Why the database could not do what was asked.
///
/// Descriptions carry SQLite's own message and the SQL, never the values bound to it, so they are
/// safe to log.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    /// The database file could not be created or opened.
    case cannotOpen(path: String, reason: String)
    /// The database was written by a newer Archivist that knows migrations this one does not.
    case newerThanProgram(path: String, databaseVersion: Int, programVersion: Int)
    /// The database is locked by another process for longer than the busy timeout.
    case busy(path: String)
    /// SQLite refused a statement.
    case sqlite(code: Int32, message: String, sql: String)
    /// A migration failed; nothing of it was kept.
    case migrationFailed(version: Int, name: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason):
            return "cannot open the database \(path): \(reason)"
        case let .newerThanProgram(path, databaseVersion, programVersion):
            return "the database \(path) is at schema version \(databaseVersion), newer than this program (\(programVersion)); use a newer archivist"
        case let .busy(path):
            return "the database \(path) is busy with another archivist process; try again shortly"
        case let .sqlite(code, message, sql):
            return "database error \(code): \(message) (in: \(sql.prefix(120)))"
        case let .migrationFailed(version, name, reason):
            return "migration \(version) (\(name)) failed and was rolled back: \(reason)"
        }
    }
}
