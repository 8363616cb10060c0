/// An IMAP mailbox Archivist reads, read-only: where it is, how to log in, which folders to leave
/// alone. Secrets are not part of it; they are sealed apart.
public struct MailAccount: Sendable, Hashable, Codable {
    public enum Security: String, Sendable, Codable, CaseIterable {
        /// TLS from the first byte (port 993).
        case ssl
        /// Plain connection upgraded with STARTTLS (port 143); never falls back to plain text.
        case starttls
        /// No encryption at all.
        case none
    }

    public enum Authentication: String, Sendable, Codable, CaseIterable {
        case password
        case oauth2
    }

    /// Folders never read unless changed: and any folder whose SPECIAL-USE is \Trash, \Junk or
    /// \Drafts.
    public static let defaultSkipFolders = ["Trash", "Junk", "Social", "Spam", "Deleted", "Drafts"]

    public var name: String
    public var email: String
    public var host: String
    public var port: Int
    public var security: Security
    public var login: String
    public var authentication: Authentication
    public var verifyCertificate: Bool
    public var caFile: String?
    public var skipFolders: [String]
    /// The users who may read what arrives in it.
    public var users: [String]
    /// OAuth2: where, as whom and for what to ask for access tokens. The client secret and the
    /// refresh token are sealed apart, like a password.
    public var oauth: OAuthSettings?

    /// How an OAuth2 account gets its access tokens: from a token endpoint with a refresh token, or
    /// ready-made from a file that something else keeps fresh.
    public struct OAuthSettings: Sendable, Hashable, Codable {
        public var clientID: String?
        public var tokenURL: String?
        public var scope: String?
        public var accessTokenFile: String?

        public init(clientID: String? = nil, tokenURL: String? = nil, scope: String? = nil, accessTokenFile: String? = nil) {
            self.clientID = clientID
            self.tokenURL = tokenURL
            self.scope = scope
            self.accessTokenFile = accessTokenFile
        }

        enum CodingKeys: String, CodingKey {
            case clientID = "client_id"
            case tokenURL = "token_url"
            case scope
            case accessTokenFile = "access_token_file"
        }
    }

    public init(name: String, email: String, host: String, port: Int? = nil, security: Security = .ssl, login: String? = nil,
                authentication: Authentication = .password, verifyCertificate: Bool = true, caFile: String? = nil,
                skipFolders: [String] = MailAccount.defaultSkipFolders, users: [String] = []) {
        self.name = name
        self.email = email
        self.host = host
        self.port = port ?? (security == .ssl ? 993 : 143)
        self.security = security
        self.login = login ?? email
        self.authentication = authentication
        self.verifyCertificate = verifyCertificate
        self.caFile = caFile
        self.skipFolders = skipFolders
        self.users = users
    }

    enum CodingKeys: String, CodingKey {
        case name, email, host, port, security, login
        case authentication = "auth"
        case verifyCertificate = "verify_cert"
        case caFile = "ca_file"
        case skipFolders = "skip_folders"
        case users, oauth
    }

    /// Whether a folder is one of the skip folders, by its whole name or its last part, ignoring case.
    public func skips(folder name: String, leafName: String) -> Bool {
        skipFolders.contains { $0.caseInsensitiveCompare(name) == .orderedSame || $0.caseInsensitiveCompare(leafName) == .orderedSame }
    }

    /// The domain of the mailbox's address, lower-cased.
    public var domain: String {
        EmailAddress.domain(of: email)
    }
}
