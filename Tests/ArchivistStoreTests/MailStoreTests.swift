import Foundation
import Testing
import ArchivistMail
import ArchivistTestSupport
@testable import ArchivistStore

@Suite struct MailStoreTests {
    let raw = Array("From: Ana <ana@garcia.es>\r\nSubject: Presupuesto\r\nMessage-ID: <p1@garcia.es>\r\nDate: Mon, 2 Dec 2024 10:00:00 +0100\r\n\r\nHola".utf8)

    @Test func theSameMessageFromTwoSourcesIsStoredOnce() throws {
        let dir = TemporaryDirectory()
        let store = MailStore(database: try Database(path: dir.file("s.db")))
        let incoming = IncomingMessage(raw: raw, parsed: MIMEParser.parse(raw))
        let imap = try store.sourceID(named: "biuro", kind: .imap)
        let local = try store.sourceID(named: "import", kind: .local)

        let first = try store.store(incoming, sourceID: imap, folder: "INBOX", item: "17")
        let second = try store.store(incoming, sourceID: local, folder: "/mail", item: "a.eml")
        let again = try store.store(incoming, sourceID: imap, folder: "INBOX", item: "17")

        guard case let .stored(id) = first else { Issue.record("first arrival did not store"); return }
        #expect(second == .alreadyStored(messageID: id))
        #expect(again == .alreadyStored(messageID: id))
        #expect(try store.totals().messages == 1)
        #expect(try store.database.queryFirst("SELECT COUNT(*) FROM arrival") { $0.int(0) } == 2)

        let queue = try store.queue(for: Viewer(userID: nil, roles: [], queueCutoff: 0))
        #expect(queue.count == 1)
        #expect(Set(queue[0].sources) == ["biuro", "import"])
        #expect(queue[0].message.subject == "Presupuesto")
        #expect(queue[0].message.from.first?.address == "ana@garcia.es")

        let stored = try #require(try store.message(id: id))
        #expect(stored.raw == raw, "the bytes come back exactly as they arrived")
        #expect(stored.arrivals.map(\.place.item) == ["17", "a.eml"])
        #expect(try store.messageIDs(forMessageID: "<p1@garcia.es>") == [id])
    }

    @Test func knownItemsCarryDefectCounts() throws {
        let dir = TemporaryDirectory()
        let store = MailStore(database: try Database(path: dir.file("s.db")))
        let broken = Array("From: a@b.pl\r\nDate: whenever\r\n\r\nx".utf8)
        let source = try store.sourceID(named: "import", kind: .local)
        try store.store(IncomingMessage(raw: broken, parsed: MIMEParser.parse(broken)), sourceID: source, folder: "/m", item: "1.eml")
        try store.store(IncomingMessage(raw: raw, parsed: MIMEParser.parse(raw)), sourceID: source, folder: "/m", item: "2.eml")
        #expect(try store.knownItems(sourceID: source, folder: "/m") == ["1.eml": 1, "2.eml": 0])
    }

    @Test func digestIsSHA256() {
        #expect(MessageDigest.hex(MessageDigest.sha256(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
