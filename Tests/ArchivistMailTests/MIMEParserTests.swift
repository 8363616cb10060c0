import Foundation
import Testing
@testable import ArchivistMail

/// Builds a message from lines joined with CRLF, as it would arrive over the wire.
func message(_ lines: String...) -> [UInt8] {
    Array(lines.joined(separator: "\r\n").utf8)
}

/// Bytes of a string in a legacy charset, for bodies that must really be in that charset.
func bytes(_ text: String, _ encoding: String.Encoding) -> [UInt8] {
    Array(text.data(using: encoding)!)
}

@Suite struct HeaderTests {
    @Test func readsAddressesSubjectDateAndThreadHeaders() {
        let parsed = MIMEParser.parse(message(
            "From: =?utf-8?Q?Pawe=C5=82_Nowak?= <pawel.nowak@spostex.pl>",
            "To: biuro@budowex.pl, \"García, Ana\" <ana@hormigones-garcia.es>",
            "Cc: Zespół: jan@budowex.pl, ewa@budowex.pl;",
            "Reply-To: zamowienia@spostex.pl",
            "Subject: =?iso-8859-2?B?T2ZlcnRhIG5hIGRvc3Rhd+ogY2VtZW50dQ==?=",
            "Date: Tue, 03 Dec 2024 09:15:00 +0100",
            "Message-ID: <abc.123@spostex.pl>",
            "In-Reply-To: <first@budowex.pl>",
            "References: <root@budowex.pl>\r\n <first@budowex.pl>",
            "",
            "Dzień dobry"))
        #expect(parsed.from == [MailAddress(name: "Paweł Nowak", address: "pawel.nowak@spostex.pl")])
        #expect(parsed.to.map(\.address) == ["biuro@budowex.pl", "ana@hormigones-garcia.es"])
        #expect(parsed.to.last?.name == "García, Ana")
        #expect(parsed.cc.map(\.address) == ["jan@budowex.pl", "ewa@budowex.pl"], "group members are listed")
        #expect(parsed.replyTo.map(\.address) == ["zamowienia@spostex.pl"])
        #expect(parsed.subject == "Oferta na dostawę cementu")
        #expect(parsed.date == Date(timeIntervalSince1970: 1_733_213_700))
        #expect(parsed.messageID == "abc.123@spostex.pl")
        #expect(parsed.inReplyTo == ["first@budowex.pl"])
        #expect(parsed.references == ["root@budowex.pl", "first@budowex.pl"])
        #expect(parsed.text == "Dzień dobry")
        #expect(parsed.defects.isEmpty)
    }

    @Test func quotedPrintableEncodedWordsInWindows1250() {
        let parsed = MIMEParser.parse(message(
            "From: a@b.pl",
            "Subject: =?windows-1250?Q?Faktura_=9Cwi=EAta_=A3omianki?=",
            "",
            "x"))
        #expect(parsed.subject == "Faktura święta Łomianki")
    }

    @Test func rawEightBitHeadersAreReadAsUTF8ThenWindows1250() {
        var raw = Array("From: Jan <jan@b.pl>\r\nSubject: ".utf8)
        raw += Array("Zamówienie żwiru".utf8)
        raw += Array("\r\nTo: ".utf8) + [0x4C, 0xB9, 0x6B, 0x61] + Array(" <laka@b.pl>\r\n\r\nbody".utf8)  // "Ląka" in windows-1250
        let parsed = MIMEParser.parse(raw)
        #expect(parsed.subject == "Zamówienie żwiru")
        #expect(parsed.to.first?.name == "Ląka")
        #expect(parsed.defects.contains { $0.contains("8-bit") })
    }

    @Test func unreadableDateIsADefectNotAFailure() {
        let parsed = MIMEParser.parse(message("From: a@b.pl", "Date: someday soon", "Subject: x", "", "body"))
        #expect(parsed.date == nil)
        #expect(parsed.defects.contains("unreadable Date header"))
        #expect(parsed.text == "body")
    }
}

@Suite struct BodyTests {
    @Test func alternativeChoosesThePlainText() {
        let parsed = MIMEParser.parse(message(
            "From: a@b.pl", "MIME-Version: 1.0", "Content-Type: multipart/alternative; boundary=\"b1\"", "",
            "--b1", "Content-Type: text/plain; charset=utf-8", "", "Plain version", "",
            "--b1", "Content-Type: text/html; charset=utf-8", "", "<p>HTML version</p>", "",
            "--b1--", ""))
        #expect(parsed.text == "Plain version\n")
        #expect(parsed.attachments.isEmpty)
    }

    @Test func htmlOnlyMailBecomesText() {
        let parsed = MIMEParser.parse(message(
            "From: a@b.pl", "MIME-Version: 1.0", "Content-Type: text/html; charset=utf-8", "",
            "<html><head><title>T</title><style>p { color: red }</style><script>alert('x')</script></head>",
            "<body><p>Zam&oacute;wienie   nr&nbsp;12</p><div>Cementownia &#321;omianki</div>Linia<br>druga",
            "<table><tr><td>MAT-0042</td><td>40 t</td></tr></table></body></html>"))
        #expect(parsed.text == "Zamówienie nr 12\nCementownia Łomianki\nLinia\ndruga\nMAT-0042 40 t")
    }

    @Test func relatedHTMLInsideAlternativeDoesNotHideThePlainText() {
        let parsed = MIMEParser.parse(message(
            "From: a@b.pl", "MIME-Version: 1.0", "Content-Type: multipart/alternative; boundary=\"a\"", "",
            "--a", "Content-Type: text/plain", "", "the plain text", "",
            "--a", "Content-Type: multipart/related; boundary=\"r\"", "",
            "--r", "Content-Type: text/html", "", "<p>the html</p>", "",
            "--r", "Content-Type: image/png; name=\"logo.png\"", "Content-Transfer-Encoding: base64", "", "iVBORw0KGgo=", "",
            "--r--", "", "--a--", ""))
        #expect(parsed.text.contains("the plain text"))
        #expect(!parsed.text.contains("the html"))
        #expect(parsed.attachments.map(\.filename) == ["logo.png"])
    }

    @Test func attachmentsWithRFC2231AndRFC2047NamesAndDecodedSizes() {
        let parsed = MIMEParser.parse(message(
            "From: a@b.pl", "MIME-Version: 1.0", "Content-Type: multipart/mixed; boundary=\"m\"", "",
            "--m", "Content-Type: text/plain; charset=utf-8", "", "W załączniku faktura.", "",
            "--m", "Content-Type: application/pdf",
            "Content-Disposition: attachment; filename*=utf-8''Faktura%20%C5%81omianki.pdf",
            "Content-Transfer-Encoding: base64", "", "JVBERi0xLjQK", "",
            "--m", "Content-Type: application/vnd.ms-excel; name=\"=?utf-8?B?WmVzdGF3aWVuaWUgxbx3aXJ1Lnhsc3g=?=\"",
            "Content-Disposition: attachment", "Content-Transfer-Encoding: base64", "", "AAECAwQ=", "",
            "--m--", ""))
        #expect(parsed.text == "W załączniku faktura.\n")
        #expect(parsed.attachments == [
            Attachment(filename: "Faktura Łomianki.pdf", contentType: "application/pdf", size: 9),
            Attachment(filename: "Zestawienie żwiru.xlsx", contentType: "application/vnd.ms-excel", size: 5),
        ])
    }

    @Test func embeddedMessagesAreParsedAndListed() {
        let parsed = MIMEParser.parse(message(
            "From: szef@budowex.pl", "Subject: Fwd: Oferta", "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=\"f\"", "",
            "--f", "Content-Type: text/plain", "", "Zobacz poniżej.", "",
            "--f", "Content-Type: message/rfc822", "",
            "From: Ana <ana@hormigones-garcia.es>", "Subject: Presupuesto hormigón", "Message-ID: <inner@garcia.es>", "",
            "Adjunto el presupuesto.", "",
            "--f--", ""))
        #expect(parsed.embedded.count == 1)
        #expect(parsed.embedded.first?.subject == "Presupuesto hormigón")
        #expect(parsed.embedded.first?.from.first?.address == "ana@hormigones-garcia.es")
        #expect(parsed.embedded.first?.text.contains("Adjunto el presupuesto.") == true)
        #expect(parsed.attachments.map(\.contentType) == ["message/rfc822"])
        #expect(!parsed.text.contains("Adjunto"), "the forwarded text is the embedded message's, not the body's")
    }

    @Test func contentTypeWithoutSubtypeIsPlainText() {
        let parsed = MIMEParser.parse(message("From: a@b.pl", "Content-Type: text; charset=us-ascii", "", "hello"))
        #expect(parsed.text == "hello")
    }
}

@Suite struct CharsetTests {
    @Test(arguments: [
        ("iso-8859-2", String.Encoding.isoLatin2, "Żółć gęślą jaźń"),
        ("windows-1250", String.Encoding.windowsCP1250, "Świętokrzyska, Łódź"),
        ("iso-8859-1", String.Encoding.isoLatin1, "Hormigones García, año"),
        ("windows-1252", String.Encoding.windowsCP1252, "Müller – “Baustoffe”"),
    ])
    func declaredCharsetsDecode(charset: String, encoding: String.Encoding, text: String) {
        let raw = Array("From: a@b.pl\r\nContent-Type: text/plain; charset=\(charset)\r\nContent-Transfer-Encoding: 8bit\r\n\r\n".utf8) + bytes(text, encoding)
        #expect(MIMEParser.parse(raw).text == text)
    }

    @Test func windows1250MislabelledAsISO88592() {
        // 0x84 and 0x94 are „ ” and 0x9A is š in windows-1250; ISO-8859-2 has control codes there.
        let body: [UInt8] = [0x84, 0x9A, 0x6B, 0x6F, 0x6C, 0x61, 0x94, 0x20, 0xA3, 0xF3, 0x64, 0x9F]
        let raw = Array("From: a@b.pl\r\nContent-Type: text/plain; charset=iso-8859-2\r\n\r\n".utf8) + body
        #expect(MIMEParser.parse(raw).text == "„škola” Łódź")
    }

    @Test func unknownCharsetFallsBackAndIsADefect() {
        let utf8 = Array("From: a@b.pl\r\nContent-Type: text/plain; charset=x-unknown\r\n\r\nZażółć".utf8)
        let parsed = MIMEParser.parse(utf8)
        #expect(parsed.text == "Zażółć")
        #expect(parsed.defects.contains { $0.contains("unknown charset \"x-unknown\"") })

        let latin = Array("From: a@b.pl\r\nContent-Type: text/plain; charset=x-unknown\r\n\r\n".utf8) + [0x47, 0x61, 0x72, 0x63, 0xED, 0x61]
        #expect(MIMEParser.parse(latin).text == "García", "not UTF-8, so windows-1252")
    }

    @Test func missingCharsetWithEightBitText() {
        let utf8 = Array("From: a@b.pl\r\n\r\nŁomianki".utf8)
        #expect(MIMEParser.parse(utf8).text == "Łomianki")
        let latin = Array("From: a@b.pl\r\n\r\nM".utf8) + [0xFC] + Array("ller".utf8)
        #expect(MIMEParser.parse(latin).text == "Müller")
    }

    @Test func invalidBytesBecomeReplacementCharacters() {
        let raw = Array("From: a@b.pl\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nok ".utf8) + [0xC3, 0x28] + Array(" ok".utf8)
        let parsed = MIMEParser.parse(raw)
        #expect(parsed.text == "ok \u{FFFD}( ok")
        #expect(parsed.defects.contains { $0.contains("invalid UTF-8") })
    }

    @Test func textIsNotCutAtANulByte() {
        let raw = Array("From: a@b.pl\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nbefore".utf8) + [0] + Array("after".utf8)
        #expect(MIMEParser.parse(raw).text == "beforeafter")
    }
}

@Suite struct BrokenMailTests {
    @Test func multipartWithoutBoundaryKeepsItsText() {
        let parsed = MIMEParser.parse(message(
            "From: a@b.pl", "MIME-Version: 1.0", "Content-Type: multipart/mixed", "",
            "Proszę o potwierdzenie dostawy stali zbrojeniowej."))
        #expect(parsed.text.contains("Proszę o potwierdzenie dostawy stali zbrojeniowej."))
        #expect(parsed.defects.contains { $0.contains("boundary") })
    }

    @Test func badBase64IsADefectAndTheRestIsKept() {
        let parsed = MIMEParser.parse(message(
            "From: a@b.pl", "MIME-Version: 1.0", "Content-Type: multipart/mixed; boundary=\"m\"", "",
            "--m", "Content-Type: text/plain", "", "Body text survives.", "",
            "--m", "Content-Type: application/pdf; name=\"a.pdf\"", "Content-Transfer-Encoding: base64", "",
            "JVBERi0x!!!LjQK***", "",
            "--m--", ""))
        #expect(parsed.text.contains("Body text survives."))
        #expect(parsed.attachments.first?.filename == "a.pdf")
        #expect(parsed.defects.contains { $0.contains("base64") })
    }

    @Test func garbageNeverCrashes() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let length = Int.random(in: 0..<2000, using: &generator)
            let raw = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = MIMEParser.parse(raw)
        }
        _ = MIMEParser.parse([])
    }

    @Test func tenMegabyteMessage() {
        let line = String(repeating: "QUJDREVGR0hJSktMTU5PUFFSU1RVVldY", count: 2) + "\r\n"
        let attachment = String(repeating: line, count: 10 * 1024 * 1024 / line.utf8.count)
        let raw = message(
            "From: a@b.pl", "Subject: big", "MIME-Version: 1.0", "Content-Type: multipart/mixed; boundary=\"m\"", "",
            "--m", "Content-Type: text/plain", "", "Rysunki w załączniku.", "",
            "--m", "Content-Type: application/octet-stream; name=\"plans.dwg\"", "Content-Transfer-Encoding: base64", "",
            attachment, "--m--", "")
        #expect(raw.count > 10_000_000)
        let parsed = MIMEParser.parse(raw)
        #expect(parsed.subject == "big")
        #expect(parsed.text == "Rysunki w załączniku.\n")
        #expect(parsed.attachments.first?.filename == "plans.dwg")
        #expect((parsed.attachments.first?.size ?? 0) > 7_000_000)
    }
}

@Suite struct JSONTests {
    @Test func parseJSONHasEveryKey() throws {
        let parsed = MIMEParser.parse(message("From: a@b.pl", "", "x"))
        let data = try JSONEncoder().encode(parsed)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in ["message_id", "date", "from", "to", "cc", "reply_to", "subject", "in_reply_to", "references", "text", "attachments", "defects"] {
            #expect(object.keys.contains(key), "missing \(key)")
        }
    }
}

@Suite struct RepairTests {
    @Test func aMissingBoundaryIsTakenFromTheDelimiterLines() {
        let parsed = MIMEParser.parse(message(
            "From: a@b.pl", "MIME-Version: 1.0", "Content-Type: multipart/mixed", "",
            "This is a multipart message in MIME format.", "",
            "------=_NextPart_000", "Content-Type: text/plain; charset=utf-8", "", "Kaski MAT-0500, 50 szt.", "",
            "------=_NextPart_000", "Content-Type: application/pdf", "Content-Disposition: attachment; filename=\"ZAM.pdf\"",
            "Content-Transfer-Encoding: base64", "", "JVBERi0xLjQK", "",
            "------=_NextPart_000--", ""))
        #expect(parsed.text == "Kaski MAT-0500, 50 szt.\n")
        #expect(parsed.attachments.map(\.filename) == ["ZAM.pdf"])
        #expect(parsed.defects.contains { $0.contains("without a boundary") }, "the defect is still reported")
    }

    @Test func conflictingContentTypesKeepTheMultipartTheBodyProves() {
        let parsed = MIMEParser.parse(message(
            "From: a@b.pl", "MIME-Version: 1.0", "Content-Type: multipart/mixed; boundary=\"xyz\"",
            "Content-Type: text/plain", "", "> quoted preamble", "",
            "--xyz", "Content-Type: text/plain", "", "The real text.", "", "--xyz--", ""))
        #expect(parsed.text == "The real text.\n")
        #expect(parsed.defects.contains { $0.contains("conflicting headers") })
    }
}
