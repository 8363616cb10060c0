import Foundation
import ArchivistIMAP
import ArchivistMail
import ArchivistModel
import ArchivistStore

/// What `accounts test` found: the server logged us in and showed these folders.
public struct AccountTestReport: Sendable, Codable {
    public struct Folder: Sendable, Codable {
        public var name: String
        public var specialUse: String?
        public var skipped: Bool
        /// False for a folder that holds only folders (\Noselect), or that the server will not open.
        public var selectable: Bool

        enum CodingKeys: String, CodingKey {
            case name
            case specialUse = "special_use"
            case skipped, selectable
        }
    }

    public var account: String
    public var server: String
    public var capabilities: [String]
    public var folders: [Folder]
}

/// The counters of one mailbox.
public struct AccountStatus: Sendable, Codable {
    public var account: String
    public var email: String
    public var lastCheck: Date?
    /// Why the last check failed, if it did.
    public var lastError: String?
    /// Unread messages on the server over the folders that are read, as of the last check.
    public var unread: Int?
    /// Messages that reached the mailbox in the last five minutes, by direction.
    public var incomingLast5Minutes: Int
    public var outgoingLast5Minutes: Int

    enum CodingKeys: String, CodingKey {
        case account, email
        case lastCheck = "last_check"
        case lastError = "last_error"
        case unread
        case incomingLast5Minutes = "incoming_last_5_minutes"
        case outgoingLast5Minutes = "outgoing_last_5_minutes"
    }
}

extension ArchiveService {
    /// Checks mailboxes for new mail: every mailbox the acting user reads (every one for an
    /// administrator), or those named. A failing mailbox does not stop the others; its report
    /// says why. Purges the queue afterwards, once.
    ///
    /// - Parameters:
    ///   - names: the mailboxes to check; nil for all.
    ///   - progress: the mailbox, the folder, messages done and messages to do in it.
    ///   - shouldStop: asked between batches; true ends the check cleanly.
    ///   - limit: at most this many messages per mailbox; the rest wait for the next check.
    public func fetch(accounts names: [String]? = nil, limit: Int? = nil, progress: @escaping (String, String, Int, Int) -> Void = { _, _, _, _ in },
                      shouldStop: @escaping () -> Bool = { false }) throws -> [AccountFetchReport] {
        var reports: [AccountFetchReport] = []
        let accounts = try names.map { try $0.flatMap(fetchableAccounts) } ?? fetchableAccounts(nil)
        for account in accounts {
            if shouldStop() { break }
            reports.append(try fetch(account, limit: limit, progress: progress, shouldStop: shouldStop))
        }
        if reports.contains(where: { $0.new > 0 }) {
            _ = try purgeQueue()
            try searchIndex.refreshCommonWords(fraction: 0.05, minimum: 200)
        }
        return reports
    }

    /// The accounts a fetch reads: the one named (if the acting user may), or all the user's.
    func fetchableAccounts(_ name: String?) throws -> [MailAccount] {
        let mine = try accounts()
        guard let name else { return mine }
        if let account = mine.first(where: { $0.name == name }) { return [account] }
        if try AccountStore(database: database).account(named: name) != nil {
            throw ArchivistError(.permissionDenied, "account \(name) belongs to other users; only they or an administrator may fetch it")
        }
        throw ArchivistError(.notFound, "account \(name) not found; 'archivist accounts list' shows the accounts")
    }

    private func fetch(_ account: MailAccount, limit: Int?, progress: @escaping (String, String, Int, Int) -> Void,
                       shouldStop: @escaping () -> Bool) throws -> AccountFetchReport {
        var report = AccountFetchReport(account: account.name)
        let lock: FetchLock
        do {
            lock = try FetchLock(path: database.path + ".fetch-\(Self.fileSafe(account.name)).lock")
        } catch {
            report.error = "account \(account.name): another fetch is reading this mailbox right now; it was left to that one"
            report.failure = .temporary
            return report
        }
        defer { withExtendedLifetime(lock) {} }
        let sourceID = try store.sourceID(named: account.name, kind: .imap)
        var fetcher = IMAPFetcher(store: store, sourceID: sourceID, account: account)
        fetcher.progress = { progress(account.name, $0, $1, $2) }
        fetcher.shouldStop = shouldStop
        fetcher.limit = limit
        do {
            let connection = try connect(account)
            try fetcher.run(connection, into: &report)
            if !report.interrupted { connection.logout() }
        } catch let error as IMAPError {
            report.error = "account \(account.name): \(error.message)"
            report.retryable = [.unreachable, .connectionLost].contains(error.kind)
            report.failure = ArchivistError(error).kind
        } catch let error as ArchivistError {
            report.error = error.message
            report.failure = error.kind
        }
        try AccountStore(database: database).recordCheck(account.name, at: Date(), error: report.error)
        return report
    }

    /// Connects to an account's server and logs in: `accounts test`.
    public func testAccount(_ name: String) throws -> AccountTestReport {
        guard let account = try fetchableAccounts(name).first else { throw ArchivistError(.notFound, "account \(name) not found") }
        do {
            let connection = try connect(account, timeout: 30)
            let capabilities = try connection.capabilities()
            let folders = try connection.folders(capabilities: capabilities)
            connection.logout()
            return AccountTestReport(account: name, server: "\(account.host):\(account.port)", capabilities: capabilities.sorted(), folders: folders.map {
                .init(name: $0.name, specialUse: $0.specialUse, skipped: IMAPFetcher.skips($0, of: account), selectable: $0.isSelectable)
            })
        } catch let error as IMAPError {
            throw ArchivistError(error)
        }
    }

    /// Counters per mailbox the acting user reads: last check, unread on the server, and what
    /// reached the mailbox in the last five minutes, incoming and outgoing (skipped folders are
    /// never read, so never counted).
    public func status(now: Date = Date()) throws -> [AccountStatus] {
        let ownDomains = try matchSettings().ownDomains
        return try accounts().map { account in
            let sourceID = try store.sourceID(named: account.name, kind: .imap)
            let check = try database.queryFirst("SELECT last_check, last_error FROM account WHERE source = ?", .integer(sourceID)) {
                ($0.optionalInt(0).map { Date(timeIntervalSince1970: TimeInterval($0)) }, $0.optionalString(1))
            }
            let unread = try database.queryFirst("""
                SELECT SUM(unseen), COUNT(unseen) FROM imap_folder WHERE source = ? AND skipped = 0
                """, .integer(sourceID)) { $0.int(1) > 0 ? $0.int(0) : nil } ?? nil
            let since = Int64(now.timeIntervalSince1970) - 300
            let recent = try database.query("""
                SELECT DISTINCT a.message, m.sender, f.special_use FROM arrival a JOIN message m ON m.id = a.message
                LEFT JOIN imap_folder f ON f.source = a.source AND f.folder = a.folder
                WHERE a.source = ?1 AND COALESCE(a.received_at, a.fetched_at) >= ?2
                """, .integer(sourceID), .integer(since)) { row in
                (row.int64(0), (try? JSONDecoder().decode([MailAddress].self, from: Data(row.string(1).utf8))) ?? [], row.optionalString(2))
            }
            var outgoing = Set<Int64>()
            var all = Set<Int64>()
            for (id, from, use) in recent {
                all.insert(id)
                let fromUs = from.contains { address in
                    address.address.lowercased() == account.email.lowercased()
                        || ownDomains.contains(EmailAddress.domain(of: address.address))
                }
                if use?.lowercased() == "\\sent" || fromUs { outgoing.insert(id) }
            }
            return AccountStatus(account: account.name, email: account.email, lastCheck: check?.0, lastError: check?.1, unread: unread,
                                 incomingLast5Minutes: all.subtracting(outgoing).count, outgoingLast5Minutes: outgoing.count)
        }
    }

    // MARK: Logging in

    private func connect(_ account: MailAccount, timeout: TimeInterval = 60) throws -> IMAPConnection {
        let endpoint = IMAPEndpoint(account, timeout: timeout)
        let credential = try credential(for: account, refresh: false)
        let refused: IMAPError
        do {
            return try IMAPConnection(endpoint, credential: credential)
        } catch {
            refused = error
        }
        // A cached access token may have been revoked before it expired: one try with a fresh one.
        guard refused.kind == .loginRefused, account.authentication == .oauth2, account.oauth?.accessTokenFile == nil else { throw refused }
        return try IMAPConnection(endpoint, credential: try self.credential(for: account, refresh: true))
    }

    /// The password, or an access token: from the token file, the cache, or the token endpoint.
    private func credential(for account: MailAccount, refresh: Bool) throws -> IMAPCredential {
        let box = try secretBox()
        let accounts = AccountStore(database: database)
        switch account.authentication {
        case .password:
            guard let sealed = try accounts.sealedSecret(account.name), let password = box.open(sealed) else {
                throw ArchivistError(.badInput, "account \(account.name): its password is missing or was sealed with another key file; set it with 'archivist accounts edit \(account.name) --password-stdin'")
            }
            return .password(password)
        case .oauth2:
            let oauth = account.oauth ?? .init()
            if let file = oauth.accessTokenFile {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw ArchivistError(.noInput, "account \(account.name): the access token file \(file) cannot be read")
                }
                return .bearer(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
            }
            let tokens = try accounts.sealedTokens(account.name)
            if !refresh, let sealed = tokens.access, let expires = tokens.expires, expires > Date().addingTimeInterval(60), let token = box.open(sealed) {
                return .bearer(token)
            }
            guard let tokenURL = oauth.tokenURL, let clientID = oauth.clientID else {
                throw ArchivistError(.badInput, "account \(account.name): OAuth2 needs --token-url and --client-id (with --refresh-token-file), or --access-token-file")
            }
            guard let sealedRefresh = tokens.refresh, let refreshToken = box.open(sealedRefresh) else {
                throw ArchivistError(.badInput, "account \(account.name): no refresh token; set one with 'archivist accounts edit \(account.name) --refresh-token-file F'")
            }
            let clientSecret = try accounts.sealedSecret(account.name).flatMap(box.open)
            let token: OAuth2Token
            do {
                token = try OAuth2.refresh(tokenURL: tokenURL, clientID: clientID, clientSecret: clientSecret, refreshToken: refreshToken, scope: oauth.scope)
            } catch {
                throw IMAPError(error.kind, "\(error.message)")
            }
            try accounts.saveAccessToken(account.name, sealed: box.seal(token.accessToken), expires: token.expiresAt,
                                         sealedRefreshToken: token.refreshToken.map(box.seal))
            return .bearer(token.accessToken)
        }
    }

    /// A name that can be part of a file name.
    static func fileSafe(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || "._-".contains($0) ? $0 : "_" })
    }
}

extension ArchivistError {
    /// An IMAP failure as the command line reports it.
    init(_ error: IMAPError) {
        let kind: Kind = switch error.kind {
        case .unreachable, .connectionLost: .unavailable
        case .tls, .startTLSNotOffered: .unavailable
        case .loginRefused: .permissionDenied
        case .refused, .protocolError: .protocol
        }
        self.init(kind, error.message)
    }
}

/// An exclusive lock on a file, held while the value lives: one fetch per mailbox at a time.
final class FetchLock {
    private let descriptor: Int32

    init(path: String) throws {
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw ArchivistError(.ioError, "\(path): \(String(cString: strerror(errno)))") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw ArchivistError(.temporary, "\(path) is locked")
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
