import Foundation
import Testing
import ArchivistStore
import ArchivistTestSupport

/// Fetching from a real Dovecot that each test starts on 127.0.0.1 with its own CA, users and mail.
@Suite(.enabled(if: TestDovecot.isAvailable, "Dovecot is not installed: run 'make test', which installs it"))
struct IMAPFetchTests {
    /// A database and a throwaway Dovecot, and the archivist binary run against them.
    final class Setup {
        let dir = TemporaryDirectory()
        let dovecot: TestDovecot
        var db: String { dir.file("archive.db") }

        init(ssl: Bool = true, selfSigned: Bool = false, oauthMechanisms: String = "xoauth2 oauthbearer") throws {
            dovecot = try TestDovecot(directory: dir.file("dovecot"), ssl: ssl, selfSigned: selfSigned, oauthMechanisms: oauthMechanisms)
        }

        deinit {
            // Before the directory goes: stop.sh finds the server through it.
            dovecot.stop()
        }

        @discardableResult
        func archivist(_ arguments: [String], input: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
            try run(ArchivistTestSupport.packageRoot + "/.build/debug/archivist", arguments + ["--db", db],
                    environment: ["ARCHIVIST_KEY_FILE": dir.file("archive.key")], input: input.map { Data($0.utf8) })
        }

        /// Adds the account `biuro` for alice over implicit TLS with the test CA, unless told otherwise.
        func addAccount(_ extra: [String] = [], password: String? = "secret", name: String = "biuro") throws -> (status: Int32, stdout: String, stderr: String) {
            var arguments = ["accounts", "add", name, "--email", "alice@budowex.pl", "--login", "alice", "--host", "127.0.0.1"]
            if !extra.contains("--port") { arguments += ["--port", "\(dovecot.imapsPort ?? 0)"] }
            if !extra.contains("--ca-file") && !extra.contains("--verify-cert") { arguments += ["--ca-file", dovecot.caFile] }
            if password != nil { arguments.append("--password-stdin") }
            return try archivist(arguments + extra, input: password.map { $0 + "\n" })
        }

        func fetch(_ extra: [String] = []) throws -> (status: Int32, report: [String: Any], stderr: String) {
            let result = try archivist(["fetch", "--json", "--no-match"] + extra)
            let line = result.stdout.split(separator: "\n").last.map(String.init) ?? "[]"
            let reports = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [[String: Any]] ?? []
            return (result.status, reports.first ?? [:], result.stderr)
        }

        func count(_ sql: String) throws -> Int {
            try Database(path: db).queryFirst(sql) { $0.int(0) } ?? -1
        }
    }

    static func messages(_ range: Range<Int>, subject: String = "Dostawa cementu") -> [[UInt8]] {
        range.map { sampleMessage(serial: $0, subject: subject) }
    }

    static func folders(_ report: [String: Any]) -> [String: Int] {
        Dictionary(((report["folders"] as? [[String: Any]]) ?? []).map { ($0["folder"] as? String ?? "", $0["messages"] as? Int ?? 0) },
                   uniquingKeysWith: +)
    }

    @Test func fetchIsIncrementalReadOnlyAndSkipsTheSkipFolders() throws {
        let setup = try Setup()
        let dovecot = setup.dovecot
        try dovecot.fill(user: "alice", folder: "INBOX", messages: Self.messages(0..<30))
        try dovecot.fill(user: "alice", folder: "Projekty/Łomianki", messages: Self.messages(0..<2) + Self.messages(100..<101))
        try dovecot.fill(user: "alice", folder: "Trash", messages: Self.messages(200..<203))
        try dovecot.fill(user: "alice", folder: "Junk", messages: Self.messages(203..<204))
        try dovecot.fill(user: "alice", folder: "Social", messages: Self.messages(204..<205))
        #expect(try setup.addAccount().status == 0)

        let first = try setup.fetch()
        #expect(first.status == 0, "\(first.stderr)")
        #expect(Self.folders(first.report) == ["INBOX": 30, "Projekty/Łomianki": 3, "Sent": 0, "Archive": 0])
        let skipped = Set(first.report["skipped_folders"] as? [String] ?? [])
        #expect(skipped.isSuperset(of: ["Trash", "Junk", "Drafts", "Social"]))
        #expect(try setup.count("SELECT COUNT(*) FROM message") == 31, "two messages of Łomianki are copies of INBOX ones: stored once")
        #expect(try setup.count("SELECT COUNT(*) FROM arrival") == 33)

        // Nothing on the server changed: no \Seen, nothing moved out of new/.
        for folder in ["INBOX", "Projekty/Łomianki"] {
            let flags = try dovecot.maildirFlags(user: "alice", folder: folder)
            #expect(!flags.isEmpty && flags.allSatisfy { !$0.contains("S") }, "\(folder): \(flags)")
        }

        let again = try setup.fetch()
        #expect(again.status == 0 && (again.report["folders"] as? [[String: Any]] ?? []).allSatisfy { $0["messages"] as? Int == 0 })

        try dovecot.fill(user: "alice", folder: "INBOX", messages: Self.messages(30..<35))
        try dovecot.fill(user: "alice", folder: "Sent", messages: [sampleMessage(serial: 300, subject: "Oferta", from: "alice@budowex.pl")])
        let third = try setup.fetch()
        #expect(Self.folders(third.report)["INBOX"] == 5 && Self.folders(third.report)["Sent"] == 1)

        let status = try setup.archivist(["status", "--json"])
        let counters = try #require((try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [[String: Any]])?.first)
        #expect(counters["unread"] as? Int == 30 + 3 + 5 + 1)
        #expect(counters["outgoing_last_5_minutes"] as? Int == 1)
        #expect(counters["incoming_last_5_minutes"] as? Int == 36)
        #expect(counters["last_check"] != nil && counters["last_error"] == nil)
    }

    @Test func startTLSCertificatesAndLoginFailuresAreExplained() throws {
        let setup = try Setup()
        try setup.dovecot.fill(user: "alice", folder: "INBOX", messages: Self.messages(0..<3))
        #expect(try setup.addAccount(["--security", "starttls", "--port", "\(setup.dovecot.imapPort)"]).status == 0)
        let test = try setup.archivist(["accounts", "test", "biuro"])
        #expect(test.status == 0 && test.stdout.contains("logged in") && test.stdout.contains("Trash \\Trash (skipped)"), "\(test)")
        #expect(try setup.fetch().report["error"] == nil)

        // Verification on, and no CA given: the server's authority is not trusted.
        #expect(try setup.addAccount(["--port", "\(setup.dovecot.imapsPort ?? 0)", "--verify-cert", "yes"], name: "noca").status == 0)
        let untrusted = try setup.archivist(["accounts", "test", "noca"])
        #expect(untrusted.status == 69 && untrusted.stderr.contains("signed by an authority this machine does not trust"), "\(untrusted.stderr)")

        #expect(try setup.addAccount(["--port", "\(setup.dovecot.imapsPort ?? 0)"], password: "wrong", name: "wrong").status == 0)
        let refused = try setup.archivist(["accounts", "test", "wrong"])
        #expect(refused.status == 77 && refused.stderr.contains("refused the login for alice"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("wrong\n") && !refused.stdout.contains("wrong\n"))

        #expect(try setup.addAccount(["--port", "1"], name: "closed").status == 0)
        let closed = try setup.archivist(["accounts", "test", "closed"])
        #expect(closed.status == 69 && closed.stderr.contains("cannot be reached"), "\(closed.stderr)")

        // A plain fetch reports every mailbox, and fails with the last failure's status.
        let all = try setup.archivist(["fetch", "--no-match"])
        #expect(all.status == 77 && all.stdout.contains("biuro: nothing new"), "\(all)")
        #expect(all.stderr.contains("account closed: 127.0.0.1:1 cannot be reached") && all.stderr.contains("3 of 4 mailboxes could not be checked"))
    }

    @Test func aSelfSignedServerIsRefusedWhileVerificationIsOn() throws {
        let setup = try Setup(selfSigned: true)
        #expect(try setup.addAccount().status == 0)
        let test = try setup.archivist(["accounts", "test", "biuro"])
        #expect(test.status == 69 && test.stderr.contains("self-signed"), "\(test.stderr)")
        #expect(try setup.archivist(["accounts", "edit", "biuro", "--verify-cert", "no"]).status == 0)
        #expect(try setup.archivist(["accounts", "test", "biuro"]).status == 0)
    }

    @Test func startTLSNeverFallsBackToPlainText() throws {
        let setup = try Setup(ssl: false)
        #expect(try setup.addAccount(["--security", "starttls", "--port", "\(setup.dovecot.imapPort)"]).status == 0)
        let test = try setup.archivist(["accounts", "test", "biuro"])
        #expect(test.status == 69 && test.stderr.contains("does not offer STARTTLS"), "\(test.stderr)")
    }

    @Test func oauth2TokensFromAFileAndFromATokenEndpoint() throws {
        let setup = try Setup()
        let dovecot = setup.dovecot
        try dovecot.fill(user: "alice", folder: "INBOX", messages: Self.messages(0..<4))
        let tokenFile = setup.dir.file("token")
        func useToken(_ token: String) throws -> (status: Int32, stdout: String, stderr: String) {
            try Data(token.utf8).write(to: URL(fileURLWithPath: tokenFile))
            return try setup.archivist(["accounts", "test", "biuro"])
        }
        try Data(try dovecot.token(user: "alice", seconds: 600).utf8).write(to: URL(fileURLWithPath: tokenFile))
        #expect(try setup.addAccount(["--auth", "oauth2", "--access-token-file", tokenFile], password: nil).status == 0)
        #expect(try useToken(try dovecot.token(user: "alice", seconds: 600)).status == 0)
        let expired = try useToken(try dovecot.token(user: "alice", seconds: -60))
        #expect(expired.status == 77 && expired.stderr.contains("refused the login"), "\(expired.stderr)")
        #expect(try useToken(try dovecot.token(user: "bob", seconds: 600)).status == 77)

        // A refresh token and a token endpoint: one refresh, then the cached token.
        let server = try TokenServer(dovecot: dovecot, directory: setup.dir.file("tokens"))
        defer { server.stop() }
        try Data("refresh-alice\n".utf8).write(to: URL(fileURLWithPath: setup.dir.file("refresh")))
        #expect(try setup.archivist(["accounts", "add", "oauth", "--email", "alice@budowex.pl", "--login", "alice", "--host", "127.0.0.1",
                                     "--port", "\(dovecot.imapsPort ?? 0)", "--ca-file", dovecot.caFile, "--auth", "oauth2",
                                     "--token-url", server.url, "--client-id", "archivist", "--refresh-token-file", setup.dir.file("refresh"),
                                     "--password-stdin"], input: "client-secret\n").status == 0)
        let first = try setup.fetch(["--account", "oauth"])
        #expect(first.status == 0 && Self.folders(first.report)["INBOX"] == 4, "\(first.stderr)")
        #expect(try setup.fetch(["--account", "oauth"]).status == 0)
        #expect(server.requests == 1, "the second fetch reused the access token")
        let list = try setup.archivist(["accounts", "list", "--json"])
        #expect(!list.stdout.contains("refresh-alice") && !list.stdout.contains("client-secret"))

        try Data("refresh-nobody\n".utf8).write(to: URL(fileURLWithPath: setup.dir.file("refresh")))
        #expect(try setup.archivist(["accounts", "edit", "oauth", "--refresh-token-file", setup.dir.file("refresh")]).status == 0)
        let revoked = try setup.archivist(["accounts", "test", "oauth"])
        #expect(revoked.status == 77 && revoked.stderr.contains("refused to refresh the access token"), "\(revoked.stderr)")
        #expect(!revoked.stderr.contains("refresh-nobody"))
    }

    @Test func oauthBearerWhenThatIsAllTheServerOffers() throws {
        let setup = try Setup(oauthMechanisms: "oauthbearer")
        let tokenFile = setup.dir.file("token")
        try Data(try setup.dovecot.token(user: "alice", seconds: 600).utf8).write(to: URL(fileURLWithPath: tokenFile))
        #expect(try setup.addAccount(["--auth", "oauth2", "--access-token-file", tokenFile], password: nil).status == 0)
        let test = try setup.archivist(["accounts", "test", "biuro"])
        #expect(test.status == 0, "\(test.stderr)")
    }

    @Test func aChangedUIDValidityRereadsTheFolderWithoutStoringTwice() throws {
        let setup = try Setup()
        try setup.dovecot.fill(user: "alice", folder: "INBOX", messages: Self.messages(0..<10))
        #expect(try setup.addAccount().status == 0)
        #expect(Self.folders(try setup.fetch().report)["INBOX"] == 10)
        _ = try setup.dovecot.changeUIDValidity(user: "alice", folder: "INBOX")
        try setup.dovecot.fill(user: "alice", folder: "INBOX", messages: Self.messages(10..<12))
        let after = try setup.fetch()
        let inbox = try #require((after.report["folders"] as? [[String: Any]])?.first { $0["folder"] as? String == "INBOX" })
        #expect(inbox["resynced"] as? Bool == true && inbox["messages"] as? Int == 12 && inbox["new"] as? Int == 2, "\(inbox)")
        #expect(try setup.count("SELECT COUNT(*) FROM message") == 12)
        #expect(Self.folders(try setup.fetch().report)["INBOX"] == 0)
    }

    @Test func aLimitFetchesInStepsAndSkipsNothing() throws {
        let setup = try Setup()
        try setup.dovecot.fill(user: "alice", folder: "INBOX", messages: Self.messages(0..<25))
        #expect(try setup.addAccount().status == 0)
        for (expected, waiting) in [(10, 15), (10, 5), (5, 0)] {
            let step = try setup.fetch(["--limit", "10"])
            let inbox = try #require((step.report["folders"] as? [[String: Any]])?.first { $0["folder"] as? String == "INBOX" })
            #expect(inbox["messages"] as? Int == expected && inbox["waiting"] as? Int == waiting, "\(inbox)")
        }
        try expectEachOnce(setup, 25)
        let text = try setup.archivist(["fetch", "--limit", "0"])
        #expect(text.status == 64 && text.stderr.contains("--limit"))
    }

    @Test func aTenMegabyteMessageArrivesWhole() throws {
        let setup = try Setup()
        let line = String(repeating: "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", count: 1) + "\r\n"
        let big = Array(("From: a@klient.pl\r\nTo: alice@budowex.pl\r\nSubject: Rysunki\r\nMessage-ID: <big@klient.pl>\r\n\r\n"
            + String(repeating: line, count: 10 * 1024 * 1024 / line.utf8.count)).utf8)
        try setup.dovecot.fill(user: "alice", folder: "INBOX", messages: [big] + Self.messages(0..<3))
        #expect(try setup.addAccount().status == 0)
        let fetched = try setup.fetch()
        #expect(Self.folders(fetched.report)["INBOX"] == 4, "\(fetched.stderr)")
        #expect(try setup.count("SELECT MAX(size) FROM message") == big.count)
    }

    @Test func theServerStoppingMidFetchLosesNothing() throws {
        let count = 3_000
        let (setup, process) = try fetchUnderway(count)
        setup.dovecot.stop()
        process.waitUntilExit()
        let stored = try setup.count("SELECT COUNT(*) FROM message")
        #expect(process.terminationStatus == 69 || stored == count)
        #expect(stored < count || process.terminationStatus == 0)
        try setup.dovecot.restart()
        let rerun = try setup.fetch()
        #expect(rerun.status == 0, "\(rerun.stderr)")
        try expectEachOnce(setup, count)
    }

    @Test func aKillDuringFetchThenARerunLosesNothingAndDuplicatesNothing() throws {
        let count = 3_000
        let (setup, process) = try fetchUnderway(count)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(try setup.count("SELECT COUNT(*) FROM message") < count)
        let rerun = try setup.fetch()
        #expect(rerun.status == 0, "\(rerun.stderr)")
        try expectEachOnce(setup, count)
        #expect(try Database(path: setup.db).queryFirst("PRAGMA integrity_check") { $0.string(0) } == "ok")
    }

    @Test func twoFetchesAtOnceStoreNothingTwice() throws {
        let setup = try Setup()
        let count = 1_000
        try setup.dovecot.fill(user: "alice", folder: "INBOX", messages: Self.messages(0..<count))
        #expect(try setup.addAccount().status == 0)
        let a = try startFetch(setup)
        let b = try startFetch(setup)
        a.waitUntilExit()
        b.waitUntilExit()
        try expectEachOnce(setup, count)
    }

    @Test func fetchEveryIntervalStopsCleanlyOnSIGTERM() throws {
        let setup = try Setup()
        try setup.dovecot.fill(user: "alice", folder: "INBOX", messages: Self.messages(0..<5))
        #expect(try setup.addAccount().status == 0)
        let process = try startFetch(setup, ["--every", "1s"])
        try waitForMessages(setup, process)
        usleep(300_000)
        try setup.dovecot.fill(user: "alice", folder: "INBOX", messages: Self.messages(5..<7))
        let deadline = Date().addingTimeInterval(20)
        while try setup.count("SELECT COUNT(*) FROM message") < 7 && Date() < deadline { usleep(50_000) }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        try expectEachOnce(setup, 7)
    }

    // MARK: Helpers

    /// A mailbox of `count` messages and a fetch of it that has stored its first batch.
    private func fetchUnderway(_ count: Int) throws -> (Setup, Process) {
        let setup = try Setup()
        try setup.dovecot.fill(user: "alice", folder: "INBOX", messages: Self.messages(0..<count))
        #expect(try setup.addAccount().status == 0)
        let process = try startFetch(setup)
        try waitForMessages(setup, process)
        return (setup, process)
    }

    private func startFetch(_ setup: Setup, _ extra: [String] = []) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ArchivistTestSupport.packageRoot + "/.build/debug/archivist")
        process.arguments = ["fetch", "--no-match", "--db", setup.db] + extra
        process.environment = ProcessInfo.processInfo.environment.merging(["ARCHIVIST_KEY_FILE": setup.dir.file("archive.key")]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Waits until the first batch is stored.
    private func waitForMessages(_ setup: Setup, _ process: Process) throws {
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline && (try? setup.count("SELECT COUNT(*) FROM message")) ?? 0 == 0 {
            usleep(2_000)
        }
    }

    private func expectEachOnce(_ setup: Setup, _ count: Int) throws {
        #expect(try setup.count("SELECT COUNT(*) FROM message") == count)
        #expect(try setup.count("SELECT COUNT(DISTINCT message_id) FROM message") == count)
        #expect(try setup.count("SELECT COUNT(*) FROM arrival") == count)
        #expect(try setup.count("SELECT COUNT(DISTINCT message) FROM arrival") == count)
    }
}

/// The test OAuth2 token endpoint (scripts/dovecot/token-server.py).
final class TokenServer {
    let process = Process()
    let url: String
    let directory: String
    let dovecot: TestDovecot

    init(dovecot: TestDovecot, directory: String) throws {
        self.dovecot = dovecot
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let portFile = directory + "/port"
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", ArchivistTestSupport.packageRoot + "/scripts/dovecot/token-server.py", dovecot.directory, portFile]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        var port = ""
        while port.isEmpty && Date() < deadline {
            usleep(20_000)
            port = (try? String(contentsOfFile: portFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        }
        url = "http://127.0.0.1:\(port)/token"
    }

    var requests: Int {
        ((try? String(contentsOfFile: dovecot.directory + "/token-requests", encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    func stop() {
        // SIGKILL: the test process may have SIGTERM ignored, which a child inherits.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
