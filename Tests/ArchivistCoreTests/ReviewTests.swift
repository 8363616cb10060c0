import Foundation
import Testing
import ArchivistModel
import ArchivistStore
import ArchivistTestSupport
@testable import ArchivistCore

@Suite struct MatchAndReviewTests {
    /// The fixtures with the example rules, ingested without matching.
    func prepared() throws -> (ArchiveFixture, ArchiveService) {
        let fixture = try ArchiveFixture(messages: 0)
        let admin = try fixture.service()
        try admin.setSetting("own-domains", "budowex.pl")
        try admin.setSetting("rules-dir", packageRoot + "/rules")
        _ = try admin.ingest(paths: [packageRoot + "/fixtures/mail"], source: "import")
        return (fixture, admin)
    }

    @Test func matchArchivesConfidentTargetsQueuesTheRestAndChangesNothingTheSecondTime() throws {
        let (_, admin) = try prepared()
        let dry = try admin.match(dryRun: true)
        #expect(try admin.archivedMessages(record: nil, limit: nil).isEmpty, "a dry run archives nothing")
        let report = try admin.match()
        #expect(report.messages == 50)
        #expect(report.autoArchived == dry.autoArchived && report.autoArchived > 30)
        #expect(report.ignored == 3, "the newsletters, by the example rule")
        #expect(report.forReview > 0)
        #expect(try admin.reviewItems().count == report.forReview)
        let archived = try admin.archivedMessages(record: nil, limit: nil)
        #expect(archived.count == report.autoArchived)
        let log = try admin.auditLog(message: nil, record: nil, limit: nil)
        #expect(log.filter { $0.actor == "engine" }.count == report.autoLinks)
        #expect(log.allSatisfy { $0.actor != "engine" || $0.via != nil }, "the engine's entries name the signal or rule")

        let again = try admin.match()
        #expect(again.messages == 0)
        #expect(try admin.archivedMessages(record: nil, limit: nil).count == archived.count)
    }

    @Test func acceptRejectAndSkip() throws {
        let (_, admin) = try prepared()
        _ = try admin.match()
        let items = try admin.reviewItems()
        let first = try #require(items.first)
        let accepted = try admin.acceptReview(first.id, pick: [], also: [], roles: nil)
        #expect(accepted.outcome.attached + accepted.outcome.alreadyAttached == [first.candidates[0].target])
        #expect(try admin.message(String(first.message.id)).id == first.message.id)
        #expect(try admin.auditLog(message: String(first.message.id), record: first.candidates[0].target, limit: nil).first?.actor == "boss")

        let second = items[1]
        try admin.skipReview(second.id)
        #expect(try admin.reviewItems().last?.id == second.id, "a skipped item moves after the pending ones")
        try admin.rejectReview(second.id)
        #expect(!(try admin.reviewItems().contains { $0.id == second.id }))

        #expect(throws: ArchivistError.self) { try admin.acceptReview(first.id, pick: [], also: [], roles: nil) }
        let third = items[2]
        #expect(throws: ArchivistError.self) { try admin.acceptReview(third.id, pick: [99], also: [], roles: nil) }
        let byHand = try admin.acceptReview(third.id, pick: [], also: [RecordRef("company:C0010")!], roles: nil)
        #expect(byHand.outcome.attached.contains(RecordRef("company:C0010")!))
    }

    @Test func reviewersSeeOnlyItemsOfMailTheyMayRead() throws {
        let (fixture, admin) = try prepared()
        _ = try admin.match()
        _ = try admin.addUser("outsider", roles: [], isAdmin: false)
        let outsider = try fixture.service(as: "outsider")
        let all = try admin.reviewItems()
        let seen = try outsider.reviewItems()
        // The outsider uses no mailbox: only items whose mail is archived to records everyone sees.
        #expect(seen.count < all.count)
        for item in seen { #expect((try? outsider.message(String(item.message.id))) != nil) }
        let hidden = try #require(all.first { item in !seen.contains { $0.id == item.id } })
        #expect(throws: ArchivistError.self) { try outsider.rejectReview(hidden.id) }
    }
}

@Suite struct MatchCrashTests {
    /// A kill -9 in the middle of matching 3,000 messages, then a rerun: every message decided
    /// exactly once, its links and review item made once.
    @Test func killDuringMatchThenRerun() throws {
        let fixture = try ArchiveFixture(messages: 0)
        let admin = try fixture.service()
        try makeMaildir(at: fixture.dir.file("Maildir"), count: 3_000)
        let ingest = try run(archivist, ["ingest", "--no-match", fixture.dir.file("Maildir"), "--db", fixture.path, "--as", "boss"])
        #expect(ingest.status == 0)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: archivist)
        process.arguments = ["match", "--db", fixture.path, "--as", "boss"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var decided = 0
        let deadline = Date().addingTimeInterval(60)
        while decided == 0 && process.isRunning && Date() < deadline {
            usleep(2_000)
            decided = (try? admin.database.queryFirst("SELECT COUNT(*) FROM match_decision") { $0.int(0) }) ?? 0
        }
        let wasRunning = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(wasRunning, "the kill landed in the middle")

        let rerun = try run(archivist, ["match", "--json", "--db", fixture.path, "--as", "boss"])
        #expect(rerun.status == 0)
        let counts = try admin.database.queryFirst("""
            SELECT (SELECT COUNT(*) FROM match_decision), (SELECT COUNT(DISTINCT message) FROM match_decision),
                   (SELECT COUNT(*) FROM archived), (SELECT COUNT(*) FROM match_decision WHERE outcome = 'auto')
            """) { [$0.int(0), $0.int(1), $0.int(2), $0.int(3)] }
        #expect(counts?[0] == 3_000 && counts?[1] == 3_000)
        #expect(counts?[2] == counts?[3], "each automatic decision archived its message once")
        #expect(try admin.database.queryFirst("PRAGMA integrity_check") { $0.string(0) } == "ok")
    }
}

@Suite struct InteractiveReviewTests {
    /// `archivist review` in a pseudo-terminal (util-linux `script`), driven by keys: accept the top
    /// candidate, undo it, pick the first candidate and accept, skip, reject, quit.
    @Test func keysAcceptUndoPickSkipRejectAndQuit() throws {
        let fixture = try ArchiveFixture(messages: 0)
        let admin = try fixture.service()
        try admin.setSetting("own-domains", "budowex.pl")
        _ = try admin.ingest(paths: [packageRoot + "/fixtures/mail"], source: "import")
        _ = try admin.match()
        let items = try admin.reviewItems()
        #expect(items.count >= 3)

        let command = "\(archivist) review --db '\(fixture.path)' --as boss"
        let result = try run("/usr/bin/script", ["-q", "-e", "-c", command, "/dev/null"], input: Data("\ru1\rsrq".utf8))
        #expect(result.status == 0, "\(result.stdout.suffix(300))")
        #expect(result.stdout.contains("Review"))
        #expect(result.stdout.contains("undone: item \(items[0].id) is back"))

        let statuses = try admin.database.query("SELECT id, status FROM review_item ORDER BY id") { ($0.int64(0), $0.string(1)) }
        let status = Dictionary(uniqueKeysWithValues: statuses)
        #expect(status[items[0].id] == "accepted")
        #expect(status[items[1].id] == "skipped")
        #expect(status[items[2].id] == "rejected")
        let log = try admin.auditLog(message: String(items[0].message.id), record: nil, limit: nil)
        #expect(log.contains { $0.action == .undo && $0.actor == "boss" })
        #expect(try admin.archivedMessages(record: items[0].candidates[0].target, limit: nil).contains { $0.message.id == items[0].message.id })
    }

    @Test func withoutATerminalItPointsToTheSubcommands() throws {
        let fixture = try ArchiveFixture(messages: 0)
        let result = try run(archivist, ["review", "--db", fixture.path, "--as", "boss"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("use 'archivist review list'"))
    }
}
