import Foundation
import ArchivistModel

/// IMAP accounts: their settings, their sealed secrets, and their users.
public struct AccountStore {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Every account, by name.
    public func all() throws -> [MailAccount] {
        try database.query("""
            SELECT a.settings, (SELECT group_concat(u.name, ',') FROM source_user su JOIN user u ON u.id = su.user WHERE su.source = a.source)
            FROM account a JOIN source s ON s.id = a.source ORDER BY s.name
            """) { row in
            JSONText.decode(MailAccount.self, row.string(0)).map { account in
                var account = account
                account.users = row.string(1).split(separator: ",").map(String.init).sorted()
                return account
            }
        }.compactMap { $0 }
    }

    public func account(named name: String) throws -> MailAccount? {
        try all().first { $0.name == name }
    }

    /// Saves an account (new or changed) with its users; a nil secret keeps the one stored.
    public func save(_ account: MailAccount, sealedSecret: [UInt8]?) throws {
        try database.transaction {
            let source = try MailStore(database: database).sourceID(named: account.name, kind: .imap)
            var settings = account
            settings.users = []
            try database.run("""
                INSERT INTO account (source, settings, secret) VALUES (?1, ?2, ?3)
                ON CONFLICT (source) DO UPDATE SET settings = excluded.settings, secret = COALESCE(excluded.secret, account.secret)
                """, .integer(source), .text(JSONText.encode(settings)), sealedSecret.map { .blob($0) } ?? .null)
            try database.run("DELETE FROM source_user WHERE source = ?", .integer(source))
            for name in account.users {
                guard let user = try UserStore(database: database).user(named: name) else { continue }
                try database.run("INSERT INTO source_user (source, user) VALUES (?, ?)", .integer(source), .integer(user.id))
            }
        }
    }

    /// The sealed secret of an account, if any.
    public func sealedSecret(_ name: String) throws -> [UInt8]? {
        try database.queryFirst("SELECT a.secret FROM account a JOIN source s ON s.id = a.source WHERE s.name = ?", .text(name)) {
            $0.isNull(0) ? nil : $0.bytes(0)
        } ?? nil
    }

    /// The sealed OAuth2 tokens of an account: the refresh token, and the access token with the
    /// time it expires.
    public func sealedTokens(_ name: String) throws -> (refresh: [UInt8]?, access: [UInt8]?, expires: Date?) {
        try database.queryFirst("""
            SELECT a.refresh_token, a.access_token, a.access_expires FROM account a JOIN source s ON s.id = a.source WHERE s.name = ?
            """, .text(name)) { row in
            (row.isNull(0) ? nil : row.bytes(0), row.isNull(1) ? nil : row.bytes(1),
             row.optionalInt(2).map { Date(timeIntervalSince1970: TimeInterval($0)) })
        } ?? (nil, nil, nil)
    }

    /// Keeps a new refresh token and forgets the cached access token.
    public func saveRefreshToken(_ name: String, sealed: [UInt8]) throws {
        try database.run("""
            UPDATE account SET refresh_token = ?2, access_token = NULL, access_expires = NULL
            WHERE source = (SELECT id FROM source WHERE name = ?1)
            """, .text(name), .blob(sealed))
    }

    /// Caches a fresh access token, and the refresh token that came with it, if any.
    public func saveAccessToken(_ name: String, sealed: [UInt8], expires: Date, sealedRefreshToken: [UInt8]?) throws {
        try database.run("""
            UPDATE account SET access_token = ?2, access_expires = ?3, refresh_token = COALESCE(?4, refresh_token)
            WHERE source = (SELECT id FROM source WHERE name = ?1)
            """, .text(name), .blob(sealed), .integer(Int64(expires.timeIntervalSince1970)), sealedRefreshToken.map { .blob($0) } ?? .null)
    }

    /// Records the end of a check: when, and why it failed if it did.
    public func recordCheck(_ name: String, at time: Date, error: String?) throws {
        try database.run("""
            UPDATE account SET last_check = ?2, last_error = ?3 WHERE source = (SELECT id FROM source WHERE name = ?1)
            """, .text(name), .integer(Int64(time.timeIntervalSince1970)), SQLValue(error))
    }

    /// Removes an account's settings and secrets; what arrived from it stays in the queue and the
    /// archive.
    public func remove(_ name: String) throws -> Bool {
        try database.transaction {
            guard let source = try database.queryFirst("SELECT source FROM account a JOIN source s ON s.id = a.source WHERE s.name = ?", .text(name), row: { $0.int64(0) }) else { return false }
            try database.run("DELETE FROM account WHERE source = ?", .integer(source))
            return true
        }
    }
}
