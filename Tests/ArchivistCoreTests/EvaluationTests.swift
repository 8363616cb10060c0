import Foundation
import Testing
import ArchivistModel
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
