import Foundation
import ArchivistModel

/// The users of Archivist and their roles.
public struct UserStore {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func count() throws -> Int {
        try database.queryFirst("SELECT COUNT(*) FROM user") { $0.int(0) } ?? 0
    }

    /// The user and their row id, or nil.
    public func user(named name: String) throws -> (id: Int64, user: User)? {
        guard let row = try database.queryFirst("SELECT id, name, is_admin FROM user WHERE name = ?", .text(name), row: {
            (id: $0.int64(0), name: $0.string(1), admin: $0.int(2) != 0)
        }) else { return nil }
        return (row.id, User(name: row.name, roles: try roles(of: row.id), isAdmin: row.admin))
    }

    public func list() throws -> [User] {
        let rows = try database.query("SELECT id, name, is_admin FROM user ORDER BY name") { ($0.int64(0), $0.string(1), $0.int(2) != 0) }
        return try rows.map { User(name: $0.1, roles: try roles(of: $0.0), isAdmin: $0.2) }
    }

    /// Adds a user; false when the name is taken.
    public func add(_ user: User) throws -> Bool {
        try database.transaction {
            guard try database.run("INSERT INTO user (name, is_admin, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
                                   .text(user.name), .integer(user.isAdmin ? 1 : 0), .integer(Int64(Date().timeIntervalSince1970))) == 1 else { return false }
            try setRoles(database.lastInsertedRowID, user.roles)
            return true
        }
    }

    /// Replaces a user's roles and administrator flag; false when there is no such user.
    public func update(_ user: User) throws -> Bool {
        try database.transaction {
            guard let existing = try self.user(named: user.name) else { return false }
            try database.run("UPDATE user SET is_admin = ? WHERE id = ?", .integer(user.isAdmin ? 1 : 0), .integer(existing.id))
            try setRoles(existing.id, user.roles)
            return true
        }
    }

    private func roles(of id: Int64) throws -> [String] {
        try database.query("SELECT role FROM user_role WHERE user = ? ORDER BY role", .integer(id)) { $0.string(0) }
    }

    private func setRoles(_ id: Int64, _ roles: [String]) throws {
        try database.run("DELETE FROM user_role WHERE user = ?", .integer(id))
        for role in Set(roles) {
            try database.run("INSERT INTO user_role (user, role) VALUES (?, ?)", .integer(id), .text(role))
        }
    }

    /// Makes a user one of the users of a mailbox (source).
    public func addSourceUser(sourceID: Int64, userID: Int64) throws {
        try database.run("INSERT INTO source_user (source, user) VALUES (?, ?) ON CONFLICT DO NOTHING", .integer(sourceID), .integer(userID))
    }
}
