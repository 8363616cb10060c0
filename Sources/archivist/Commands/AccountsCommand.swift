import Foundation
import ArchivistCore
import ArchivistModel

extension Commands {
    static let accounts = Command(
        name: "accounts",
        abstract: "Set up the IMAP mailboxes Archivist reads, read-only.",
        discussion: "Passwords and client secrets are sealed with libsodium under a key file of mode 0600 beside the database ($ARCHIVIST_KEY_FILE overrides it), and never printed.",
        subcommands: [accountsAdd, accountsEdit, accountsList, accountsTest, accountsRemove],
        usesDatabase: false
    )

    private static let accountOptions: [Command.Option] = [
        .init(name: "email", valueName: "address", help: "The mailbox's address."),
        .init(name: "host", valueName: "host", help: "The IMAP server."),
        .init(name: "port", valueName: "n", help: "The port. Defaults to 993 with ssl, 143 with starttls or none."),
        .init(name: "security", valueName: "ssl|starttls|none", help: "How the connection is secured. Defaults to ssl; starttls never falls back to plain text."),
        .init(name: "login", valueName: "login", help: "The login name. Defaults to the address."),
        .init(name: "auth", valueName: "password|oauth2", help: "How to log in. Defaults to password."),
        .init(name: "password-stdin", help: "Read the password (or OAuth2 client secret) from standard input."),
        .init(name: "password-file", valueName: "file", help: "Read the password (or OAuth2 client secret) from a file."),
        .init(name: "verify-cert", valueName: "yes|no", help: "Whether to verify the server's certificate. Defaults to yes."),
        .init(name: "ca-file", valueName: "file", help: "Trust the certificate authorities in this PEM file."),
        .init(name: "users", valueName: "u1,u2", help: "Who may read what arrives. Defaults to you; only an administrator names others."),
        .init(name: "skip-folders", valueName: "a,b", help: "Folders never read. Defaults to Trash, Junk, Social, Spam, Deleted, Drafts (and \\Trash, \\Junk, \\Drafts special use)."),
        .init(name: "client-id", valueName: "id", help: "OAuth2: the client id registered with the mail provider."),
        .init(name: "token-url", valueName: "url", help: "OAuth2: the token endpoint that turns the refresh token into access tokens."),
        .init(name: "scope", valueName: "scope", help: "OAuth2: the scope to ask for, e.g. https://outlook.office.com/IMAP.AccessAsUser.All."),
        .init(name: "refresh-token-file", valueName: "file", help: "OAuth2: read the refresh token from a file; it is sealed like a password."),
        .init(name: "access-token-file", valueName: "file", help: "OAuth2: read a ready access token from this file at every login, for tokens managed elsewhere."),
    ]

    static let accountsAdd = Command(
        name: "add",
        abstract: "Add an IMAP mailbox.",
        arguments: [.init(name: "name", help: "A name for the mailbox, for example biuro.")],
        options: accountOptions
    ) { invocation in
        let account = try invocation.service().addAccount(invocation.arguments[0], try accountChange(invocation))
        if account.security == .none {
            Output.error("archivist: warning: account \(account.name) uses no encryption: its password and mail cross the network in plain text")
        }
        Output.print("Account \(account.name) added: \(account.login) at \(account.host):\(account.port) (\(account.security.rawValue)), users \(account.users.isEmpty ? "(none)" : account.users.joined(separator: ",")).")
    }

    static let accountsEdit = Command(
        name: "edit",
        abstract: "Change an IMAP mailbox's settings or secret.",
        arguments: [.init(name: "name", help: "The mailbox to change.")],
        options: accountOptions
    ) { invocation in
        let account = try invocation.service().editAccount(invocation.arguments[0], try accountChange(invocation))
        Output.print("Account \(account.name): \(account.login) at \(account.host):\(account.port) (\(account.security.rawValue)).")
    }

    static let accountsList = Command(
        name: "list",
        abstract: "List the mailboxes you read (every mailbox, for an administrator); secrets are never shown.",
        options: [.init(name: "json", help: "Print a JSON list.")]
    ) { invocation in
        let accounts = try invocation.service().accounts()
        if invocation.flag("json") {
            try Output.json(accounts)
        } else if accounts.isEmpty {
            Output.print(noMailboxesYet)
        } else {
            Output.table(["NAME", "LOGIN", "SERVER", "SECURITY", "USERS"], accounts.map {
                [$0.name, $0.login, "\($0.host):\($0.port)", $0.security.rawValue + ($0.verifyCertificate ? "" : " (unverified)"), $0.users.joined(separator: ",")]
            })
        }
    }

    /// What to say where a listing of mailboxes is empty.
    static let noMailboxesYet = "No mailboxes yet: add one with 'archivist accounts add NAME --email ADDR --host HOST --password-stdin'."

    static let accountsTest = Command(
        name: "test",
        abstract: "Connect to a mailbox's server, log in and list its folders; explain what fails.",
        arguments: [.init(name: "name", help: "The mailbox to try.")],
        options: [.init(name: "json", help: "Print the folders as JSON.")]
    ) { invocation in
        let report = try invocation.service().testAccount(invocation.arguments[0])
        if invocation.flag("json") {
            try Output.json(report)
            return
        }
        Output.print("Account \(report.account): logged in to \(report.server); \(report.folders.count) folders:")
        for folder in report.folders {
            let note = folder.skipped ? " (skipped)" : folder.selectable ? "" : " (holds only folders, or cannot be opened)"
            Output.print("  \(folder.name)" + (folder.specialUse.map { " \($0)" } ?? "") + note)
        }
    }

    static let accountsRemove = Command(
        name: "remove",
        abstract: "Remove a mailbox's settings and secrets; what arrived from it stays in the queue and the archive.",
        arguments: [.init(name: "name", help: "The mailbox to remove.")]
    ) { invocation in
        try invocation.service().removeAccount(invocation.arguments[0])
        Output.print("Account \(invocation.arguments[0]) removed.")
    }

    private static func accountChange(_ invocation: Invocation) throws -> AccountChange {
        var change = AccountChange()
        change.email = invocation.value("email")
        change.host = invocation.value("host")
        change.port = try invocation.integer("port")
        change.login = invocation.value("login")
        change.caFile = invocation.value("ca-file")
        change.users = invocation.list("users")
        change.skipFolders = invocation.list("skip-folders")
        change.clientID = invocation.value("client-id")
        change.tokenURL = invocation.value("token-url")
        change.scope = invocation.value("scope")
        change.accessTokenFile = invocation.value("access-token-file")
        if let file = invocation.value("refresh-token-file") {
            change.refreshToken = try secretFile(file, what: "refresh token")
        }
        if let text = invocation.value("security") {
            guard let value = MailAccount.Security(rawValue: text) else { throw UsageError(message: "--security takes ssl, starttls or none, not '\(text)'", path: invocation.path) }
            change.security = value
        }
        if let text = invocation.value("auth") {
            guard let value = MailAccount.Authentication(rawValue: text) else { throw UsageError(message: "--auth takes password or oauth2, not '\(text)'", path: invocation.path) }
            change.authentication = value
        }
        if let text = invocation.value("verify-cert") {
            guard let value = ["yes": true, "no": false][text] else { throw UsageError(message: "--verify-cert takes yes or no, not '\(text)'", path: invocation.path) }
            change.verifyCertificate = value
        }
        if invocation.flag("password-stdin") && invocation.value("password-file") != nil {
            throw UsageError(message: "give --password-stdin or --password-file, not both", path: invocation.path)
        }
        if invocation.flag("password-stdin") {
            if isatty(0) == 1 {
                // Typed at a terminal: ask without echoing it.
                change.secret = getpass("Password (or client secret): ").map { String(cString: $0) } ?? ""
            } else {
                change.secret = readLine(strippingNewline: true) ?? ""
            }
        } else if let file = invocation.value("password-file") {
            change.secret = try secretFile(file, what: "password")
        }
        return change
    }

    /// The secret in a file, without its final line break.
    private static func secretFile(_ file: String, what: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ArchivistError(.noInput, "\(file): the \(what) file cannot be read")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
    }
}
