import Foundation
import Testing
import ArchivistModel
import ArchivistStore
import ArchivistTestSupport
@testable import ArchivistCore

@Suite struct ArchiveTests {
    let company = RecordRef("company:C0001")!
    let project = RecordRef("project:J0001")!
    let contact = RecordRef("contact:K0001")!

    @Test func archiveAttachAndListFromBothSides() throws {
        let fixture = try ArchiveFixture()
        let admin = try fixture.service()
        let result = try admin.archiveMessage("1", to: [company, project], roles: nil)
        #expect(result.outcome.firstArchiving)
        #expect(result.outcome.attached == [company, project])

        let attach = try admin.attachMessage("<1.sample@spostex.pl>", to: [contact, company])
        #expect(attach.outcome.attached == [contact])
        #expect(attach.outcome.alreadyAttached == [company])

        let listed = try admin.archivedMessages(record: nil, limit: nil)
        #expect(listed.map(\.message.id) == [1])
        #expect(listed.first?.records == [company, contact, project])
        #expect(try admin.archivedMessages(record: contact, limit: nil).map(\.message.id) == [1])
        #expect(try admin.archivedMessages(record: RecordRef("company:C0002")!, limit: nil).isEmpty)

        let queue = try admin.queue()
        #expect(queue.first { $0.message.id == 1 }?.archivedTo == [company, contact, project])
        #expect(queue.first { $0.message.id == 2 }?.archivedTo == [])

        let log = try admin.auditLog(message: "1", record: nil, limit: nil)
        #expect(log.map(\.action) == [.attach, .attach, .archive])
        #expect(log.allSatisfy { $0.actor == "boss" && $0.messageID == "1.sample@spostex.pl" })
        #expect(try admin.auditLog(message: nil, record: contact, limit: nil).count == 1)
    }

    @Test func attachingMailThatWasNeverArchivedPointsToArchive() throws {
        let fixture = try ArchiveFixture()
        #expect {
            _ = try fixture.service().attachMessage("2", to: [company])
        } throws: { error in
            "\(error)".contains("not archived yet") && "\(error)".contains("archivist archive 2 --to")
        }
    }

    @Test func rolesAreTakenAtTheFirstArchivingOnlyAndEditedLater() throws {
        let fixture = try ArchiveFixture()
        let admin = try fixture.service()
        #expect(try admin.archiveMessage("1", to: [company], roles: ["board"]).outcome.roles == ["board"])
        let later = try admin.archiveMessage("1", to: [project], roles: ["sales"])
        #expect(later.outcome.roles == ["board"])
        #expect(later.notes.first?.contains("its roles restriction stays board") == true)
        #expect(try admin.setMessageRoles("1", roles: []) == [])
        #expect(try admin.archivedMessages(record: nil, limit: nil).first?.roles == [])
        let log = try admin.auditLog(message: "1", record: nil, limit: 1)
        #expect(log.first?.action == .roles)
        #expect(log.first?.detail == "roles: board -> everyone")
    }

    @Test func unknownAndInvisibleRecordsAreNotFound() throws {
        let fixture = try ArchiveFixture()
        #expect {
            _ = try fixture.service().archiveMessage("1", to: [RecordRef("company:NOPE")!], roles: nil)
        } throws: { error in
            (error as? ArchivistError)?.kind == .notFound && "\(error)" == "record company:NOPE not found"
        }
        #expect(try fixture.service().archivedMessages(record: nil, limit: nil).isEmpty, "nothing was archived")
    }

    @Test func attachingOneMessageToAHundredRecordsCopiesNoContent() throws {
        let fixture = try ArchiveFixture(messages: 1, records: false)
        let admin = try fixture.service()
        let body = String(repeating: "Rysunki wykonawcze w załączniku, wersja C. ", count: 5_000)
        let big = try fixture.write("big.eml", "From: a@b.pl\r\nSubject: big\r\nMessage-ID: <big@b.pl>\r\n\r\n" + body)
        _ = try admin.ingest(paths: [big], source: "import")
        let rows = (0..<100).map { "R\($0),Company \($0),,,\n" }.joined()
        _ = try admin.importRecords([try fixture.write("companies.csv", "id,name,aliases,domains,tax_id\n" + rows)], type: nil)
        try admin.database.execute("PRAGMA wal_checkpoint(TRUNCATE); VACUUM")
        let before = try FileManager.default.attributesOfItem(atPath: fixture.path)[.size] as! Int

        let refs = (0..<100).map { RecordRef(type: .company, id: "R\($0)") }
        _ = try admin.archiveMessage("<big@b.pl>", to: Array(refs.prefix(1)), roles: nil)
        for ref in refs.dropFirst() { _ = try admin.attachMessage("<big@b.pl>", to: [ref]) }
        try admin.database.execute("PRAGMA wal_checkpoint(TRUNCATE); VACUUM")
        let after = try FileManager.default.attributesOfItem(atPath: fixture.path)[.size] as! Int

        #expect(try admin.archivedMessages(record: nil, limit: nil).first?.records.count == 100)
        #expect(try admin.store.totals().messages == 2)
        #expect(after - before < body.utf8.count / 4, "100 links grew the database by \(after - before) bytes; the message is \(body.utf8.count)")
    }
}

@Suite struct RetentionTests {
    @Test func oldArrivalsLeaveTheQueueAndUnarchivedMailIsDeletedButArchivedMailStays() throws {
        let fixture = try ArchiveFixture(messages: 3)
        let admin = try fixture.service()
        _ = try admin.archiveMessage("1", to: [RecordRef("company:C0001")!], roles: nil)
        let thirtyOneDaysLater = Date().addingTimeInterval(31 * 86_400)
        let report = try admin.purgeQueue(now: thirtyOneDaysLater)
        #expect(report.arrivalsRemoved == 3)
        #expect(report.messagesDeleted == 2)
        #expect(try admin.store.totals().messages == 1)
        #expect(try admin.message("1").id == 1, "archived mail is never purged")
        #expect(throws: ArchivistError.self) { try admin.message("2") }
        #expect(try admin.search("Dostawa").map(\.message.id) == [1], "purged mail leaves the search index")
        let purges = try admin.auditLog(message: nil, record: nil, limit: nil).filter { $0.action == .purge }
        #expect(purges.count == 3, "two deleted messages and one line for the arrivals")
        #expect(try admin.purgeQueue(now: thirtyOneDaysLater) == PurgeReport(), "a second purge finds nothing")
    }

    @Test func theRetentionPeriodIsASetting() throws {
        let fixture = try ArchiveFixture(messages: 2)
        let admin = try fixture.service()
        try admin.setSetting("queue-retention-days", "60")
        #expect(try admin.purgeQueue(now: Date().addingTimeInterval(31 * 86_400)).arrivalsRemoved == 0)
        #expect(try admin.queue().count == 2)
        #expect(throws: ArchivistError.self) { try admin.setSetting("queue-retention-days", "soon") }
        #expect(throws: ArchivistError.self) { try admin.setSetting("no-such-setting", "1") }
    }
}

@Suite struct SearchTests {
    @Test func diacriticsAndCaseDoNotMatterAndSnippetsKeepTheOriginal() throws {
        let fixture = try ArchiveFixture(messages: 0)
        let admin = try fixture.service()
        _ = try admin.ingest(paths: [packageRoot + "/fixtures/mail"], source: "import")
        let hits = try admin.search("LOMIANKI")
        #expect(hits.count > 3)
        #expect(try admin.search("łomianki").map(\.message.id) == hits.map(\.message.id))
        #expect(hits.contains { $0.snippet.contains("**Łomianki**") || $0.snippet.contains("**Lomianki**") })
        #expect(try admin.search("garcia").count > 0, "García without the accent")
        #expect(try admin.search("muller").count > 0, "Müller without the umlaut")
        #expect(try admin.search("LOM-2024-07").count > 0, "codes with dashes")
        #expect(throws: ArchivistError.self) { try admin.search("  --  ") }
    }

    @Test func searchLooksAtAddressesAndAttachmentNamesAndCanStayWithinARecord() throws {
        let fixture = try ArchiveFixture(messages: 0)
        let admin = try fixture.service()
        _ = try admin.ingest(paths: [packageRoot + "/fixtures/mail"], source: "import")
        #expect(try admin.search("spostex.pl").count > 0)
        let pdf = try admin.search("pdf")
        #expect(!pdf.isEmpty)
        let first = try #require(pdf.first)
        _ = try admin.archiveMessage(String(first.message.id), to: [RecordRef("project:J0002")!], roles: nil)
        #expect(try admin.search("pdf", record: RecordRef("project:J0002")!).map(\.message.id) == [first.message.id])
        #expect(try admin.search("pdf", record: RecordRef("project:J0002")!).first?.records == [RecordRef("project:J0002")!])
    }
}
