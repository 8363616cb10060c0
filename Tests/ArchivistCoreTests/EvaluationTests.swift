import Foundation
import Testing
import ArchivistModel
import ArchivistMatching
import ArchivistTestSupport
@testable import ArchivistCore

@Suite struct EvaluationTests {
    /// The bundled fixtures: a small, hand-labelled set. The engine must keep its precision there.
    @Test func theFixturesBackTest() throws {
        let report = try Evaluation.run(records: packageRoot + "/fixtures/records", messages: packageRoot + "/fixtures/mail",
                                        truth: packageRoot + "/fixtures/truth.jsonl", ownDomains: ["budowex.pl"])
        #expect(report.messages == 50)
        #expect(report.trueLinks > 100)
        #expect(report.auto.precision >= 0.98)
        #expect(report.auto.recall >= 0.7)
        #expect(report.recallAt3 >= 0.9)
        #expect(report.negatives.withAuto == 0)
    }

    @Test func replayingTheArchiveUsesItsLinksAsTheTruth() throws {
        let fixture = try ArchiveFixture(messages: 0)
        let admin = try fixture.service()
        try admin.setSetting("own-domains", "budowex.pl")
        _ = try admin.ingest(paths: [packageRoot + "/fixtures/mail"], source: "import")
        _ = try admin.archiveMessage("<3f9a1c2e-7b41-4d2a-9e0f-5c1d8a6b2e71@spostex.pl>", to: [RecordRef("company:C0001")!, RecordRef("contact:K0001")!], roles: nil)
        let report = try Evaluation.runFromArchive(admin)
        #expect(report.messages == 1)
        #expect(report.trueLinks == 2)
        #expect(report.auto.correct == 2)
        #expect(try admin.archivedMessages(record: nil, limit: nil).count == 1, "the archive itself is untouched")
    }

    @Test func aBadTruthLineIsNamed() throws {
        let fixture = try ArchiveFixture(messages: 0, records: false)
        let truth = try fixture.write("truth.jsonl", "{\"file\": \"0001-spostex-oferta-prety.eml\", \"targets\": [\"firm:C1\"]}\n")
        #expect {
            _ = try Evaluation.run(records: packageRoot + "/fixtures/records", messages: packageRoot + "/fixtures/mail", truth: truth, ownDomains: [])
        } throws: { "\($0)".contains("truth.jsonl:1: 'firm:C1' is not TYPE:ID") }
    }
}

@Suite struct CorpusEvaluationTests {
    /// The generated development corpus (tools/corpus), with a seed of its own: the quality targets.
    @Test func theGeneratedCorpusMeetsTheQualityTargets() throws {
        let fixture = try ArchiveFixture(messages: 0, records: false)
        let out = fixture.dir.file("corpus")
        let generated = try run("/usr/bin/env", ["python3", packageRoot + "/tools/corpus/gen_corpus.py", out, "--seed", "11", "--messages", "600"])
        #expect(generated.status == 0, "\(generated.stderr)")
        let report = try Evaluation.run(records: out + "/records", messages: out + "/messages", truth: out + "/truth.jsonl", ownDomains: ["budowex.pl"])
        #expect(report.messages == 600)
        #expect(report.auto.precision >= 0.995, "\(report.mistakes.prefix(5))")
        #expect(report.auto.recall >= 0.75)
        #expect(report.recallAt3 >= 0.97)
        #expect(Double(report.negatives.withAuto) <= 0.005 * Double(report.negatives.messages))
    }
}

@Suite struct RulesServiceTests {
    let good = """
        rule "site codes"
          subject ~ /\\b([A-Z]{3}-\\d{4}-\\d{2})\\b/
          target project code=$1
          action auto
        """

    @Test func theLastGoodSetStaysActiveWhileTheFolderHasErrors() throws {
        let fixture = try ArchiveFixture(messages: 0)
        let admin = try fixture.service()
        let folder = fixture.dir.file("rules")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try good.write(toFile: folder + "/site.rules", atomically: true, encoding: .utf8)
        try admin.setSetting("rules-dir", folder)
        _ = try admin.ingest(paths: [packageRoot + "/fixtures/mail/0026-inmobiliaria-certificacion.eml"], source: "import")
        let first = try admin.suggest("1")
        #expect(first.contains { $0.target.description == "project:J0002" && $0.evidence.contains { $0.signal == .rule } })

        // An administrator breaks the file: the set that loaded before stays active, and says so.
        try (good + "\nrule \"broken\"\n  subjcet ~ /x/\n  target company:C0001\n").write(toFile: folder + "/site.rules", atomically: true, encoding: .utf8)
        let later = try fixture.service()
        let second = try later.suggest("1")
        #expect(second.contains { $0.target.description == "project:J0002" && $0.evidence.contains { $0.signal == .rule } })
        #expect(later.notices.contains { $0.contains("have 1 error") && $0.contains("the last set that loaded stays active") })
        #expect(throws: RuleLoadFailure.self) { try later.checkRules([]) }
    }

    @Test func rulesTestShowsWhatChanges() throws {
        let fixture = try ArchiveFixture(messages: 0)
        let admin = try fixture.service()
        let path = try fixture.write("never.rules", "rule \"no newsletters\"\n  header \"List-Unsubscribe\" ~ /./\n  action never\n")
        let report = try admin.testRules([path], on: .files(packageRoot + "/fixtures/mail"))
        #expect(report.totals.messages == 50)
        #expect(report.totals.never == 3)
        #expect(report.messages.filter(\.never).allSatisfy { $0.fired == ["no newsletters (\(path):1)"] })
    }

    @Test func rulesCheckExitCodesAndCarets() throws {
        let fixture = try ArchiveFixture(messages: 0, records: false)
        let good = try run(archivist, ["rules", "check", packageRoot + "/rules", "--db", fixture.path, "--as", "boss"])
        #expect(good.status == 0)
        #expect(good.stdout.contains("rules in 1 file: no errors"))
        let path = try fixture.write("bad.rules", "rule \"a\"\n  subject ~ /(x/\n  target company:C1\n")
        let bad = try run(archivist, ["rules", "check", path, "--db", fixture.path, "--as", "boss"])
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("bad.rules:2:16: error: bad pattern: missing closing parenthesis"))
        #expect(bad.stderr.contains("      subject ~ /(x/\n                   ^"))
    }
}
