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
