import Foundation

/// A throwaway Dovecot on 127.0.0.1 for one test, started by `scripts/dovecot/start.sh` and
/// stopped, by its process id, when the value goes away.
///
/// Users `alice` and `bob` have the password `secret` and accept the OAuth2 tokens of
/// ``token(user:seconds:issuer:)``. Every user has INBOX, Sent, Drafts, Trash, Junk and Archive.
/// Mail lives in Maildirs under `directory/mail/USER/Maildir`, one directory per folder, named in
/// UTF-8 (`Projects/Łomianki`). Skip a test when Dovecot is missing with
/// `@Test(.enabled(if: TestDovecot.isAvailable, "Dovecot is not installed"))`.
///
/// Sendable because every stored property is an immutable value: the server's state lives in its
/// directory and in the scripts, not in this object.
public final class TestDovecot: Sendable {
    /// Whether the `dovecot` program is installed.
    public static var isAvailable: Bool {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin") + ":/usr/sbin:/sbin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/dovecot") }
    }

    /// The folder of the helper scripts: start, stop, fill, jwt.py and token-server.py.
    public static let scripts = packageRoot + "/scripts/dovecot"

    /// The directory that holds the configuration, certificates, keys, logs and mail.
    public let directory: String
    /// The port of plain IMAP, which offers STARTTLS unless the server runs without TLS.
    public let imapPort: Int
    /// The port of IMAP over TLS, or nil when the server runs without TLS.
    public let imapsPort: Int?
    /// Whether the server offers TLS (STARTTLS and the imaps port).
    public let ssl: Bool
    /// Whether the server presents a self-signed certificate instead of one signed by ``caFile``.
    public let selfSigned: Bool
    /// The OAuth2 SASL mechanisms offered, such as "xoauth2 oauthbearer".
    public let oauthMechanisms: String

    /// The test CA that signed the server's certificate (for libcurl's `CURLOPT_CAINFO`).
    public var caFile: String { directory + "/ca.pem" }
    /// The certificate the server presents: signed by ``caFile``, or self-signed.
    public var certificateFile: String { directory + (selfSigned ? "/selfsigned.pem" : "/server.pem") }

    /// Starts a server in `directory`, created if missing, on free ports.
    ///
    /// A directory that held a server before keeps its users, keys and mail, and its ports if free.
    /// - Parameters:
    ///   - directory: Where everything lives; one per test.
    ///   - ssl: Whether to offer TLS; without it there is no STARTTLS and no imaps port.
    ///   - selfSigned: Whether to present a self-signed certificate rather than one from the test CA.
    ///   - oauthMechanisms: The OAuth2 mechanisms to offer. libcurl 7.88 picks OAUTHBEARER whenever
    ///     it is offered, even when `CURLOPT_LOGIN_OPTIONS` asks for XOAUTH2, so "xoauth2" alone is the
    ///     way to test XOAUTH2.
    /// - Throws: `TestDovecotError` when the server does not start.
    public init(directory: String, ssl: Bool = true, selfSigned: Bool = false,
                oauthMechanisms: String = "xoauth2 oauthbearer") throws {
        self.directory = directory
        self.ssl = ssl
        self.selfSigned = selfSigned
        self.oauthMechanisms = oauthMechanisms
        let ports = try Self.start(directory: directory, ssl: ssl, selfSigned: selfSigned,
                                   oauthMechanisms: oauthMechanisms, ports: nil)
        imapPort = ports.imap
        imapsPort = ports.imaps
    }

    deinit {
        stop()
    }

    /// Stops the server and waits until it is gone; does nothing when it is not running.
    public func stop() {
        _ = try? run("/bin/bash", [Self.scripts + "/stop.sh", directory])
    }

    /// Stops the server and starts it again on the same ports, keeping its mail.
    ///
    /// - Throws: `TestDovecotError` when it does not start again, for instance because another
    ///   program took one of its ports meanwhile.
    public func restart() throws {
        stop()
        _ = try Self.start(directory: directory, ssl: ssl, selfSigned: selfSigned, oauthMechanisms: oauthMechanisms,
                           ports: (imapPort, imapsPort))
    }

    /// Puts messages into a folder as new, unseen mail; UIDs follow the order given.
    ///
    /// - Parameters:
    ///   - user: `alice` or `bob`.
    ///   - folder: The folder as a person writes it, levels separated by "/" (`Projects/Łomianki`);
    ///     created if missing, not subscribed.
    ///   - messages: The messages, each as the bytes of an RFC 5322 message.
    /// - Throws: `TestDovecotError` when the messages cannot be written.
    public func fill(user: String, folder: String, messages: [[UInt8]]) throws {
        let staging = directory + "/fill-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: staging) }
        for (index, message) in messages.enumerated() {
            try Data(message).write(to: URL(fileURLWithPath: staging + String(format: "/%08d.eml", index + 1)))
        }
        try Self.script("fill.sh", ["/bin/bash", Self.scripts + "/fill.sh", directory, user, folder, staging])
    }

    /// An OAuth2 access token (an HS256 JWT) for `user` that this server checks locally.
    ///
    /// - Parameters:
    ///   - user: The token's subject; the server accepts it only for that user.
    ///   - seconds: How long it stays valid from now; negative for a token that has expired.
    ///   - issuer: The issuer; the server accepts only `archivist-test`.
    /// - Returns: The token, to be sent as the bearer token.
    /// - Throws: `TestDovecotError` when the token cannot be made.
    public func token(user: String, seconds: Int, issuer: String = "archivist-test") throws -> String {
        let output = try Self.script("jwt.py", ["/usr/bin/env", "python3", Self.scripts + "/jwt.py",
                                                directory, user, String(seconds), issuer])
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The Maildir flags of every message in a folder, in the order of their file names, so a test
    /// can check that nothing was marked: "" for a message never touched (still in new/), "S" once
    /// it is \Seen, "FS" for \Flagged and \Seen, and so on.
    ///
    /// - Parameters:
    ///   - user: `alice` or `bob`.
    ///   - folder: The folder as ``fill(user:folder:messages:)`` takes it; "INBOX" for the inbox.
    /// - Returns: One string per message.
    /// - Throws: When the folder does not exist.
    public func maildirFlags(user: String, folder: String) throws -> [String] {
        let folderPath = maildirPath(user: user, folder: folder)
        var names: [String] = []
        for sub in ["cur", "new"] {
            names += try FileManager.default.contentsOfDirectory(atPath: folderPath + "/" + sub)
                .filter { !$0.hasPrefix(".") }
        }
        return names.sorted().map { name in
            guard let marker = name.range(of: ":2,", options: .backwards) else { return "" }
            return String(name[marker.upperBound...])
        }
    }

    /// Runs `doveadm` against this server, as in `doveadm(["mailbox", "status", "-u", "alice",
    /// "messages", "INBOX"])`; mailbox names are given in UTF-8.
    ///
    /// - Returns: What doveadm printed.
    /// - Throws: `TestDovecotError` when doveadm fails.
    @discardableResult
    public func doveadm(_ args: [String]) throws -> String {
        try Self.script("doveadm", ["/usr/bin/env", "doveadm", "-c", directory + "/dovecot.conf"] + args)
    }

    /// Gives a folder a new UIDVALIDITY while it keeps its messages and their UIDs, as when a
    /// server rebuilds its index; a client that remembered the old value must notice.
    ///
    /// - Parameters:
    ///   - user: `alice` or `bob`.
    ///   - folder: The folder, in UTF-8 ("INBOX", "Projects/Łomianki").
    /// - Returns: The new UIDVALIDITY.
    /// - Throws: `TestDovecotError` when doveadm fails.
    @discardableResult
    public func changeUIDValidity(user: String, folder: String) throws -> UInt32 {
        let status = try doveadm(["mailbox", "status", "-u", user, "uidvalidity", folder])
        guard let range = status.range(of: "uidvalidity="),
              let old = UInt32(status[range.upperBound...].prefix { $0.isNumber }) else {
            throw TestDovecotError(message: "doveadm printed no UIDVALIDITY for \(user)'s \(folder): \(status)")
        }
        let new = old == UInt32.max ? 1 : old + 1
        try doveadm(["mailbox", "update", "-u", user, "--uid-validity", String(new), folder])
        return new
    }

    private func maildirPath(user: String, folder: String) -> String {
        let root = directory + "/mail/" + user + "/Maildir"
        return folder.uppercased() == "INBOX" ? root : root + "/" + folder
    }

    /// Runs start.sh and returns the ports it reports.
    private static func start(directory: String, ssl: Bool, selfSigned: Bool, oauthMechanisms: String,
                              ports: (imap: Int, imaps: Int?)?) throws -> (imap: Int, imaps: Int?) {
        // Empty ports let start.sh choose, whatever the environment of the test run holds.
        let environment = [
            "IMAP_PORT": ports.map { String($0.imap) } ?? "",
            "IMAPS_PORT": ports?.imaps.map { String($0) } ?? "",
            "DOVECOT_SSL": ssl ? "yes" : "no",
            "DOVECOT_CERT": selfSigned ? "selfsigned" : "ca",
            "DOVECOT_OAUTH_MECHS": oauthMechanisms,
        ]
        let output = try script("start.sh", ["/bin/bash", scripts + "/start.sh", directory], environment: environment)
        var values: [String: String] = [:]
        for line in output.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        guard let imap = values["IMAP_PORT"].flatMap({ Int($0) }) else {
            throw TestDovecotError(message: "start.sh reported no IMAP port for \(directory): \(output)")
        }
        return (imap, values["IMAPS_PORT"].flatMap { Int($0) })
    }

    /// Runs one of the helpers and returns its standard output, or throws with its standard error.
    @discardableResult
    private static func script(_ name: String, _ command: [String],
                               environment: [String: String] = [:]) throws -> String {
        let result = try run(command[0], Array(command.dropFirst()), environment: environment)
        guard result.status == 0 else {
            let stderr = result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            throw TestDovecotError(message: "\(name) failed with status \(result.status): \(stderr)")
        }
        return result.stdout
    }
}

/// A helper script or Dovecot itself failed; `message` carries what it printed.
public struct TestDovecotError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
