import Foundation
import Testing
import ArchivistMail
import ArchivistStore
import ArchivistTestSupport
@testable import ArchivistCore

@Suite struct IngestTests {
    @Test func emlFilesFoldersMaildirsAndMboxes() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.file("eml/nested"), withIntermediateDirectories: true)
        try Data(sampleMessage(serial: 1)).write(to: URL(fileURLWithPath: dir.file("eml/one.eml")))
        try Data(sampleMessage(serial: 2)).write(to: URL(fileURLWithPath: dir.file("eml/nested/two.eml")))
        try Data("not mail, just notes".utf8).write(to: URL(fileURLWithPath: dir.file("eml/README.txt")))
        try makeMaildir(at: dir.file("Maildir"), count: 4, offset: 10)
        try makeMaildir(at: dir.file("Maildir/.Sent"), count: 2, offset: 20)
        let mbox = [30, 31, 32].map { "From sender@example.com Tue Dec  3 09:15:00 2024\n" + String(decoding: sampleMessage(serial: $0), as: UTF8.self) + "\n" }.joined()
            + "From sender@example.com Tue Dec  3 09:15:00 2024\nFrom: a@b.pl\nSubject: escaped\n\n>From the start\n>>From deeper\n\n"
        try Data(mbox.utf8).write(to: URL(fileURLWithPath: dir.file("archive.mbox")))
        let single = dir.file("message-without-extension")
        try Data(sampleMessage(serial: 40)).write(to: URL(fileURLWithPath: single))

        let service = try ArchiveService(databasePath: dir.file("a.db"))
        let report = try service.ingest(paths: [dir.file("eml"), dir.file("Maildir"), dir.file("archive.mbox"), single], source: "import")
        #expect(report.messages == 2 + 6 + 4 + 1)
        #expect(report.new == 13)
        #expect(report.alreadyStored == 0)
        #expect(report.failures.isEmpty)

        let subjects = Set(try service.queue().compactMap(\.message.subject))
        #expect(subjects.contains("Dostawa cementu 31"))
        #expect(subjects.contains("Dostawa cementu 21"), "Maildir++ subfolders are read")
        #expect(!subjects.contains { $0.contains("notes") })

        let escaped = try #require(try service.queue().first { $0.message.subject == "escaped" })
        let text = MIMEParser.parse(try service.message(String(escaped.message.id)).raw).text
        #expect(text == "From the start\n>From deeper\n", "mboxrd escaping is undone")
    }

    @Test func ingestingAgainAddsNothingAndRenamedMaildirFilesAreKnown() throws {
        let dir = TemporaryDirectory()
        try makeMaildir(at: dir.file("Maildir"), count: 20)
        let service = try ArchiveService(databasePath: dir.file("a.db"))
        _ = try service.ingest(paths: [dir.file("Maildir")], source: "import")
        // A mail client reads a message: it moves from new/ to cur/ and gains flags.
        let newFile = try #require(try FileManager.default.contentsOfDirectory(atPath: dir.file("Maildir/new")).first)
        try FileManager.default.moveItem(atPath: dir.file("Maildir/new/\(newFile)"), toPath: dir.file("Maildir/cur/\(newFile):2,S"))

        let again = try service.ingest(paths: [dir.file("Maildir")], source: "import")
        #expect(again.new == 0)
        #expect(again.alreadyStored == 20)
        #expect(try service.database.queryFirst("SELECT COUNT(*) FROM arrival") { $0.int(0) } == 20)
        #expect(try service.store.totals().messages == 20)
    }

    @Test func theSameFileUnderAnotherSourceIsOneStoredCopy() throws {
        let dir = TemporaryDirectory()
        try Data(sampleMessage(serial: 1)).write(to: URL(fileURLWithPath: dir.file("a.eml")))
        let service = try ArchiveService(databasePath: dir.file("a.db"))
        _ = try service.ingest(paths: [dir.file("a.eml")], source: "import")
        let other = try service.ingest(paths: [dir.file("a.eml")], source: "old-archive")
        #expect(other.new == 0 && other.alreadyStored == 1)
        #expect(try service.store.totals().messages == 1)
        #expect(try service.queue().first?.sources.sorted() == ["import", "old-archive"])
    }

    @Test func defectsAreCountedAndBrokenMailIsStored() throws {
        let dir = TemporaryDirectory()
        try Data("From: a@b.pl\r\nContent-Type: multipart/mixed\r\n\r\nno boundary here".utf8).write(to: URL(fileURLWithPath: dir.file("broken.eml")))
        try Data(sampleMessage(serial: 1)).write(to: URL(fileURLWithPath: dir.file("fine.eml")))
        let service = try ArchiveService(databasePath: dir.file("a.db"))
        let report = try service.ingest(paths: [dir.path], source: "import")
        #expect(report.new == 2)
        #expect(report.withDefects == 1)
        let again = try service.ingest(paths: [dir.path], source: "import")
        #expect(again.withDefects == 1, "a rerun still reports the defects it knows")
    }

    @Test func aMissingPathIsNamedAndNothingIsWritten() throws {
        let dir = TemporaryDirectory()
        try Data(sampleMessage(serial: 1)).write(to: URL(fileURLWithPath: dir.file("a.eml")))
        let service = try ArchiveService(databasePath: dir.file("a.db"))
        #expect {
            _ = try service.ingest(paths: [dir.file("a.eml"), dir.file("missing")], source: "import")
        } throws: { error in
            (error as? ArchivistError)?.kind == .noInput && "\(error)".contains("missing")
        }
        #expect(try service.store.totals().messages == 0)
    }

    @Test func messagesAreFoundByQueueIDOrMessageID() throws {
        let dir = TemporaryDirectory()
        try Data(sampleMessage(serial: 7)).write(to: URL(fileURLWithPath: dir.file("a.eml")))
        let service = try ArchiveService(databasePath: dir.file("a.db"))
        _ = try service.ingest(paths: [dir.file("a.eml")], source: "import")
        let id = try #require(try service.queue().first?.message.id)
        #expect(try service.message(String(id)).id == id)
        #expect(try service.message("<7.sample@spostex.pl>").id == id)
        #expect(try service.message("7.sample@spostex.pl").id == id)
        #expect(throws: ArchivistError.self) { try service.message("999") }
    }
}
