import Foundation
import ArchivistMail
import ArchivistModel
import ArchivistStore

/// The archive as the command line sees it: one database, the acting user, and the operations.
///
/// Not `Sendable`: it owns a database connection, which stays on the thread that opened it.
public final class ArchiveService {
    public let database: Database
    public let store: MailStore
    let users: UserStore
    let recordStore: RecordStore
    let archive: ArchiveStore
    let searchIndex: SearchIndex
    let audit: AuditLog
    let settingStore: SettingStore
    /// The name given with `--as` or `$ARCHIVIST_USER`, if any.
    let actingName: String?
    /// Sentences the person should see on standard error after the command, such as "the rules
    /// have errors; the last good set stays active".
    public internal(set) var notices: [String] = []
    /// Whether the engine takes what reviewers chose and turned down into account (off only to
    /// measure what learning changes).
    public var learning = true

    /// Opens (creating and migrating when needed) the database at `path`, acting as `user`.
    ///
    /// The user is checked when an operation needs one, so commands that read nothing private
    /// work without it.
    ///
    /// - Parameter announce: told, before long one-time work after an upgrade (such as indexing
    ///   mail stored by an older version), what is about to happen.
    public init(databasePath path: String, user: String? = nil, announce: (String) -> Void = { _ in }) throws {
        database = try Database(path: path)
        store = MailStore(database: database)
        users = UserStore(database: database)
        recordStore = RecordStore(database: database)
        archive = ArchiveStore(database: database)
        searchIndex = SearchIndex(database: database)
        audit = AuditLog(database: database)
        settingStore = SettingStore(database: database)
        actingName = user.flatMap { $0.isEmpty ? nil : $0 }
        let backlog = try database.queryFirst("SELECT COUNT(*) FROM derive_backlog") { $0.int(0) } ?? 0
        if backlog >= 1_000 {
            announce("indexing \(backlog) messages stored by an older version for search and threads (once; it takes a while)")
        }
        try deriveBacklog()
    }

    /// The database used when neither `--db` nor `$ARCHIVIST_DB` names one:
    /// `$XDG_DATA_HOME/archivist/archivist.db`, else `~/.local/share/archivist/archivist.db`.
    public static func defaultDatabasePath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["ARCHIVIST_DB"], !path.isEmpty { return path }
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return dataHome + "/archivist/archivist.db"
    }

    // MARK: The acting user

    /// Who is acting: a user of the database, or, while the database has no users at all, whoever
    /// runs the program, with every right (the single-user set-up before `init --admin`).
    struct Actor {
        var name: String
        var userID: Int64?
        var roles: [String]
        var isAdmin: Bool
    }

    func actor() throws -> Actor {
        if try users.count() == 0 {
            return Actor(name: actingName ?? ProcessInfo.processInfo.userName, userID: nil, roles: [], isAdmin: true)
        }
        guard let name = actingName else {
            throw ArchivistError(.permissionDenied, "no acting user: give --as NAME or set ARCHIVIST_USER")
        }
        guard let found = try users.user(named: name) else {
            throw ArchivistError(.permissionDenied, "unknown user '\(name)': an administrator adds users with 'archivist users add'")
        }
        return Actor(name: found.user.name, userID: found.id, roles: found.user.roles, isAdmin: found.user.isAdmin)
    }

    /// What the acting user may read.
    func viewer() throws -> Viewer {
        let actor = try actor()
        return Viewer(userID: actor.isAdmin ? nil : actor.userID, roles: actor.roles, queueCutoff: try queueCutoff())
    }

    /// Throws unless the acting user is an administrator.
    ///
    /// - Parameter action: what was refused, for the message: "change settings".
    @discardableResult
    func requireAdmin(_ action: String) throws -> Actor {
        let actor = try actor()
        guard actor.isAdmin else {
            throw ArchivistError(.permissionDenied, "only an administrator may \(action); '\(actor.name)' is not one")
        }
        return actor
    }

    // MARK: Derived data

    /// Computes the derived data (search entry, thread columns) of messages stored before it
    /// existed.
    private func deriveBacklog() throws {
        while true {
            let ids = try store.deriveBacklog(limit: 256)
            if ids.isEmpty { return }
            let raws = try ids.map { try store.raw(id: $0) ?? [] }
            let parsed = raws.parallelMap { raw -> (ParsedMessage, SearchDocument) in
                let message = MIMEParser.parse(raw)
                return (message, SearchDocument(message))
            }
            try database.transaction {
                for (id, (message, search)) in zip(ids, parsed) {
                    try store.derive(id, message, search)
                }
            }
        }
    }
}
