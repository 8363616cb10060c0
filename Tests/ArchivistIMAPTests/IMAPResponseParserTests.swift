import Testing
@testable import ArchivistIMAP

func responses(_ pieces: [String]) throws -> [IMAPResponse] {
    var parser = IMAPResponseParser()
    var out: [IMAPResponse] = []
    for piece in pieces {
        parser.feed(Array(piece.utf8))
        while let response = try parser.next() { out.append(response) }
    }
    return out
}

@Suite struct IMAPResponseParserTests {
    let fetch = "* 12 FETCH (UID 4827 FLAGS (\\Seen \\Flagged) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 42 BODY[] {42}\r\n"
        + "Subject: hi\r\n\r\nA1 OK looks like a tag\r\n)\r\n)\r\n"
        + "A1 OK FETCH completed\r\n"

    @Test func literalsWithLineBreaksAndTagLikeLinesStayWhole() throws {
        let all = try responses([fetch])
        #expect(all.count == 2)
        let message = try #require(FetchedMessage(all[0]))
        #expect(message.sequence == 12 && message.uid == 4827)
        #expect(message.flags == ["\\Seen", "\\Flagged"])
        #expect(message.internalDate == "17-Jul-1996 02:44:25 -0700")
        #expect(message.size == 42)
        #expect(message.body.map { String(decoding: $0, as: UTF8.self) } == "Subject: hi\r\n\r\nA1 OK looks like a tag\r\n)\r\n")
        #expect(all[1] == .tagged(tag: "A1", status: "OK", text: "FETCH completed"))
    }

    @Test func aResponseCutAnywhereGivesTheSameResult() throws {
        let whole = try responses([fetch])
        for cut in 1..<fetch.utf8.count {
            let bytes = Array(fetch.utf8)
            var parser = IMAPResponseParser()
            var out: [IMAPResponse] = []
            parser.feed(bytes[..<cut])
            while let r = try parser.next() { out.append(r) }
            parser.feed(bytes[cut...])
            while let r = try parser.next() { out.append(r) }
            #expect(out == whole, "cut at \(cut)")
        }
    }

    @Test func pipelinedResponsesAndTheirKinds() throws {
        let all = try responses([
            "* OK [CAPABILITY IMAP4rev1 LITERAL+] Dovecot ready.\r\n+ Ready for literal data\r\n",
            "* LIST (\\HasNoChildren \\Trash) \"/\" \"Trash\"\r\n* LIST () \"/\" Projects/&AUE-omianki\r\n",
            "* 3 EXISTS\r\n* OK [UIDVALIDITY 3857529045] UIDs valid\r\n* STATUS INBOX (UNSEEN 2)\r\nA2 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n",
            "* 1 FETCH (UID 7 BODY[] NIL)\r\nA3 BAD \"quoted\" text\r\n",
        ])
        #expect(all.count == 10)
        #expect(all[0] == .untagged([.atom("OK"), .atom("[CAPABILITY IMAP4rev1 LITERAL+]"), .atom("Dovecot"), .atom("ready.")]))
        #expect(all[1] == .continuation("Ready for literal data"))
        #expect(all[2] == .untagged([.atom("LIST"), .list([.atom("\\HasNoChildren"), .atom("\\Trash")]), .string(Array("/".utf8)), .string(Array("Trash".utf8))]))
        #expect(all[3] == .untagged([.atom("LIST"), .list([]), .string(Array("/".utf8)), .atom("Projects/&AUE-omianki")]))
        #expect(all[5] == .untagged([.atom("OK"), .atom("[UIDVALIDITY 3857529045]"), .atom("UIDs"), .atom("valid")]))
        #expect(all[7] == .tagged(tag: "A2", status: "NO", text: "[AUTHENTICATIONFAILED] Authentication failed."))
        #expect(FetchedMessage(all[8])?.body == nil)
        #expect(all[9] == .tagged(tag: "A3", status: "BAD", text: "\"quoted\" text"))
    }

    @Test func quotedStringsWithEscapesAndMalformedInput() throws {
        let all = try responses(["* LIST () \"/\" \"A \\\"quoted\\\" \\\\ name\"\r\n"])
        #expect(all == [.untagged([.atom("LIST"), .list([]), .string(Array("/".utf8)), .string(Array("A \"quoted\" \\ name".utf8))])])
        #expect(throws: IMAPProtocolError.self) { try responses(["* LIST (\\Noselect \"/\" x\r\n"]) }
        #expect(throws: IMAPProtocolError.self) { try responses(["* 1 FETCH (BODY[] {x}\r\n"]) }
    }
}
