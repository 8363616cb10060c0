import Foundation
import ArchivistModel
import ArchivistStore

/// What to change in an account; nil leaves a setting as it is.
public struct AccountChange: Sendable {
    public var email: String?
    public var host: String?
    public var port: Int?
    public var security: MailAccount.Security?
    public var login: String?
    public var authentication: MailAccount.Authentication?
    public var verifyCertificate: Bool?
    public var caFile: String?
    public var skipFolders: [String]?
    public var users: [String]?
    /// A new password or client secret.
    public var secret: String?
    /// OAuth2: what to change of the token settings (nil fields stay), and a new refresh token.
    public var clientID: String?
    public var tokenURL: String?
    public var scope: String?
    public var accessTokenFile: String?
    public var refreshToken: String?

    var changesOAuth: Bool { clientID != nil || tokenURL != nil || scope != nil || accessTokenFile != nil }

    public init() {}
}

extension ArchiveService {
    /// The key that seals secrets: `$ARCHIVIST_KEY_FILE`, else `archivist.key` beside the database.
    func secretBox(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SecretBox {
        let path = environment["ARCHIVIST_KEY_FILE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((database.path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("archivist.key")
        return try SecretBox(keyFile: path)
    }

    /// The accounts the acting user reads (every account for an administrator); never their secrets.
    public func accounts() throws -> [MailAccount] {
        let actor = try actor()
        let all = try AccountStore(database: database).all()
        return actor.isAdmin ? all : all.filter { $0.users.contains(actor.name) }
    }

    /// Adds an IMAP account. Its users are the acting user unless an administrator names others.
    public func addAccount(_ name: String, _ change: AccountChange) throws -> MailAccount {
        let actor = try actor()
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "._-@".contains($0) }) else {
            throw ArchivistError(.badInput, "'\(name)' is not a valid account name: use letters, digits and . _ - @")
        }
        if try database.queryFirst("SELECT 1 FROM source WHERE name = ?", .text(name), row: { _ in true }) ?? false {
            throw ArchivistError(.badInput, "a mailbox or import source named '\(name)' exists already")
        }
        guard let email = change.email, let host = change.host else {
            throw ArchivistError(.badInput, "account \(name): give --email ADDR and --host HOST")
        }
        let security = change.security ?? .ssl
        var account = MailAccount(name: name, email: email, host: host, port: change.port, security: security, login: change.login,
                                  authentication: change.authentication ?? .password, verifyCertificate: change.verifyCertificate ?? true,
                                  caFile: change.caFile, skipFolders: change.skipFolders ?? MailAccount.defaultSkipFolders, users: [])
        account.users = try accountUsers(change.users, actor: actor, account: name)
        apply(change, to: &account)
        try validate(account)
        if account.authentication == .password && change.secret == nil {
            throw ArchivistError(.badInput, "account \(name): give its password with --password-stdin or --password-file F")
        }
        if account.authentication == .oauth2 && account.oauth?.accessTokenFile == nil && change.refreshToken == nil {
            throw ArchivistError(.badInput, "account \(name): OAuth2 needs --token-url, --client-id and --refresh-token-file F, or --access-token-file F")
        }
        try save(account, change)
        return account
    }

    /// Changes an account (its users or an administrator).
    public func editAccount(_ name: String, _ change: AccountChange) throws -> MailAccount {
        let actor = try actor()
        guard var account = try AccountStore(database: database).account(named: name) else {
            throw ArchivistError(.notFound, "account \(name) not found")
        }
        guard actor.isAdmin || account.users.contains(actor.name) else {
            throw ArchivistError(.permissionDenied, "only an administrator or a user of account \(name) may change it")
        }
        if let v = change.email { account.email = v }
        if let v = change.host { account.host = v }
        if let v = change.security {
            if change.port == nil && account.port == (account.security == .ssl ? 993 : 143) { account.port = v == .ssl ? 993 : 143 }
            account.security = v
        }
        if let v = change.port { account.port = v }
        if let v = change.login { account.login = v }
        if let v = change.authentication { account.authentication = v }
        if let v = change.verifyCertificate { account.verifyCertificate = v }
        if let v = change.caFile { account.caFile = v.isEmpty ? nil : v }
        if let v = change.skipFolders { account.skipFolders = v }
        if let users = change.users { account.users = try accountUsers(users, actor: actor, account: name) }
        apply(change, to: &account)
        try validate(account)
        try save(account, change)
        return account
    }

    /// Removes an account's settings and secrets (its users or an administrator); what arrived
    /// from it stays.
    public func removeAccount(_ name: String) throws {
        let actor = try actor()
        guard let account = try AccountStore(database: database).account(named: name) else {
            throw ArchivistError(.notFound, "account \(name) not found")
        }
        guard actor.isAdmin || account.users.contains(actor.name) else {
            throw ArchivistError(.permissionDenied, "only an administrator or a user of account \(name) may remove it")
        }
        _ = try AccountStore(database: database).remove(name)
    }

    private func apply(_ change: AccountChange, to account: inout MailAccount) {
        guard change.changesOAuth else { return }
        var oauth = account.oauth ?? .init()
        func value(_ text: String?, _ old: String?) -> String? { text.map { $0.isEmpty ? nil : $0 } ?? old }
        oauth.clientID = value(change.clientID, oauth.clientID)
        oauth.tokenURL = value(change.tokenURL, oauth.tokenURL)
        oauth.scope = value(change.scope, oauth.scope)
        oauth.accessTokenFile = value(change.accessTokenFile, oauth.accessTokenFile)
        account.oauth = oauth
    }

    /// Saves an account with its new secrets, sealed, in one transaction.
    private func save(_ account: MailAccount, _ change: AccountChange) throws {
        let box = try secretBox()
        let accounts = AccountStore(database: database)
        try database.transaction {
            try accounts.save(account, sealedSecret: change.secret.map(box.seal))
            if let token = change.refreshToken { try accounts.saveRefreshToken(account.name, sealed: box.seal(token)) }
        }
    }

    /// The users an account gets: the acting user by default; only an administrator names others.
    private func accountUsers(_ requested: [String]?, actor: Actor, account: String) throws -> [String] {
        // While the database has no users, whoever runs Archivist may do everything; no user to add.
        guard let requested, !requested.isEmpty else { return actor.userID == nil ? [] : [actor.name] }
        if !actor.isAdmin && requested != [actor.name] {
            throw ArchivistError(.permissionDenied, "only an administrator may set up a mailbox for someone else")
        }
        for name in requested where try users.user(named: name) == nil {
            throw ArchivistError(.notFound, "account \(account): user '\(name)' not found")
        }
        return Array(Set(requested)).sorted()
    }

    private func validate(_ account: MailAccount) throws {
        guard RecordsCSV.isAddress(account.email) else {
            throw ArchivistError(.badInput, "account \(account.name): '\(account.email)' is not an email address")
        }
        guard !account.host.isEmpty, !account.host.contains(where: \.isWhitespace) else {
            throw ArchivistError(.badInput, "account \(account.name): '\(account.host)' is not a host name")
        }
        guard (1...65_535).contains(account.port) else {
            throw ArchivistError(.badInput, "account \(account.name): port \(account.port) is not between 1 and 65535")
        }
        if let ca = account.caFile, !FileManager.default.isReadableFile(atPath: ca) {
            throw ArchivistError(.noInput, "account \(account.name): the CA file \(ca) cannot be read")
        }
        if let file = account.oauth?.accessTokenFile, !FileManager.default.isReadableFile(atPath: file) {
            throw ArchivistError(.noInput, "account \(account.name): the access token file \(file) cannot be read")
        }
        if let url = account.oauth?.tokenURL, !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
            throw ArchivistError(.badInput, "account \(account.name): the token URL '\(url)' is not an http(s) URL")
        }
    }
}
