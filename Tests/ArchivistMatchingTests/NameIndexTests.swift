import Testing
import ArchivistMail
import ArchivistModel
@testable import ArchivistMatching

let records = [
    Record(ref: RecordRef("company:C1")!, name: "Spostex S.A.", domains: ["spostex.pl"]),
    Record(ref: RecordRef("company:C2")!, name: "Budimex S.A.", aliases: ["Budimex"], domains: ["budimex.pl"]),
    Record(ref: RecordRef("company:C3")!, name: "Budimex Dom Sp. z o.o.", domains: ["budimexdom.pl"]),
    Record(ref: RecordRef("company:C4")!, name: "Delta Ltd"),
    Record(ref: RecordRef("company:C5")!, name: "Cementownia Łomianki Sp. z o.o."),
    Record(ref: RecordRef("company:C9")!, name: "Budowex S.A.", domains: ["budowex.pl"]),
    Record(ref: RecordRef("contact:K1")!, name: "Marek Nowak", emails: ["m.nowak@spostex.pl"], companyID: "C1", firstName: "Marek", lastName: "Nowak"),
    Record(ref: RecordRef("project:J1")!, name: "Osiedle Łomianki – etap II", aliases: ["Osiedle Łomianki"], code: "LOM-2024-07"),
    Record(ref: RecordRef("warehouse:W1")!, name: "Pręt zbrojeniowy fi 12", code: "MAT-0042"),
]

func names(_ text: String, in index: NameIndex = NameIndex(records: records)) -> [String] {
    index.matches(in: text).flatMap { $0.entries.map { index.records[index.entries[$0].record].ref.description } }
}

@Suite struct NameIndexTests {
    @Test(arguments: [
        ("Oferta od Spostex S.A.", ["company:C1"]),
        ("SPOSTEX SA potwierdza", ["company:C1"]),
        ("spostex s. a.", ["company:C1"]),
        ("cementownia lomianki", ["company:C5"]),
        ("Budimex Dom rozpoczyna sprzedaż", ["company:C3"]),
        ("Budimex podpisał", ["company:C2"]),
        ("kod LOM-2024-07 i MAT-0042", ["project:J1", "warehouse:W1"]),
        ("Osiedle\nŁomianki", ["project:J1"]),
        ("Spostexowi", []),
    ])
    func findsNamesAsWholeTokensLongestFirst(text: String, expected: [String]) {
        #expect(names(text) == expected)
    }

    @Test func aLegalFormMakesAMatchStrongerAndCommonWordsAreWeak() {
        let index = NameIndex(records: records)
        let with = index.matches(in: "Spostex S.A.")
        let without = index.matches(in: "Spostex")
        #expect(with.first?.withLegalForm == true)
        #expect(without.first?.withLegalForm == false)
        let delta = index.entries.first { index.records[$0.record].ref.id == "C4" }!
        let spostex = index.entries.first { index.records[$0.record].ref.id == "C1" }!
        #expect(delta.specificity < 0.3, "Delta is a common word")
        #expect(spostex.specificity > delta.specificity)
        #expect(index.entries.first { $0.kind == .code }!.specificity > 0.9)
    }
}

@Suite struct ZoneTests {
    @Test func repliesQuotesAndSignaturesAreTold() {
        let zones = BodyZones.split("""
            Dzień dobry,
            proszę o ofertę.
            Pozdrawiam
            Jan Kowalski
            W dniu 3.04.2024 Marek Nowak napisał:
            > Oferta w załączniku.
            > Spostex S.A.
            """)
        #expect(zones.map(\.zone) == [.body, .body, .signature, .signature, .quoted, .quoted, .quoted])
    }
}

@Suite struct MatchEngineTests {
    let engine = MatchEngine(index: NameIndex(records: records), settings: MatchSettings(ownDomains: ["budowex.pl"]))

    func message(from: String, to: [String] = ["biuro@budowex.pl"], subject: String, text: String = "", automated: Automation? = nil) -> ParsedMessage {
        ParsedMessage(from: [MailAddress(name: nil, address: from)], to: to.map { MailAddress(name: nil, address: $0) },
                      subject: subject, text: text, automated: automated)
    }

    @Test func aKnownSenderIsAutoWithItsCompany() {
        let candidates = engine.candidates(for: message(from: "m.nowak@spostex.pl", subject: "Oferta LOM-2024-07"))
        let auto = Set(candidates.filter { $0.decision == .auto }.map(\.target.description))
        #expect(auto == ["contact:K1", "company:C1", "project:J1"])
        #expect(candidates.first { $0.target.id == "K1" }?.evidence.first?.signal == .address)
    }

    @Test func outgoingMailSpeaksForItsRecipientsAndTheOwnCompanyIsNeverATarget() {
        let candidates = engine.candidates(for: message(from: "anna@budowex.pl", to: ["m.nowak@spostex.pl"], subject: "Budowex S.A. zaprasza",
                                                        text: "Pozdrawiam\nAnna\nBudowex S.A. | Partner: Delta Ltd"))
        let targets = Set(candidates.map(\.target.description))
        #expect(targets.contains("contact:K1") && targets.contains("company:C1"))
        #expect(!targets.contains("company:C9"))
        #expect(!targets.contains("company:C4"), "names in the own signature never count")
    }

    @Test func anUnknownPersonAtACompanyDomainGivesTheCompanyButFreeMailDoesNot() {
        #expect(engine.candidates(for: message(from: "someone@budimex.pl", subject: "Pytanie")).map(\.target.description) == ["company:C2"])
        #expect(engine.candidates(for: message(from: "someone@gmail.com", subject: "Pytanie")).isEmpty)
    }

    @Test func aCommonWordAloneIsNotEnoughAndNewslettersAreNeverAuto() {
        #expect(engine.candidates(for: message(from: "x@example.com", subject: "Delta w górę")).isEmpty)
        let newsletter = message(from: "news@example.com", subject: "Spostex S.A., Budimex Dom i LOM-2024-07", automated: .bulk)
        #expect(engine.candidates(for: newsletter).allSatisfy { $0.decision == .propose })
    }

    @Test func theThreadCarriesTargetsOfArchivedMail() {
        let reply = message(from: "x@example.com", subject: "Re: termin")
        let candidates = engine.candidates(for: reply, thread: ThreadContext(referenced: [RecordRef("project:J1")!]))
        #expect(candidates.first?.target.description == "project:J1")
        #expect(candidates.first?.decision == .auto)
        #expect(candidates.first?.evidence.first?.signal == .thread)
    }

    @Test func threadSubjectsDropReplyPrefixes() {
        #expect(ParsedMessage(subject: "RE: Odp: AW: Fwd:  Oferta  Łomianki").threadSubject == "oferta lomianki")
    }
}

@Suite struct LearningTests {
    let engine = MatchEngine(index: NameIndex(records: records), settings: MatchSettings(ownDomains: ["budowex.pl"]))
    let message = ParsedMessage(from: [MailAddress(name: nil, address: "kto@example.com")], to: [MailAddress(name: nil, address: "biuro@budowex.pl")],
                                subject: "Pytanie o termin")

    @Test func aRecordReviewersKeepChoosingIsProposedButNeverAutoOnItsOwn() {
        #expect(engine.candidates(for: message).isEmpty)
        let once = SenderFeedback(chosen: [RecordRef("project:J1")!: 1])
        #expect(engine.match(message, feedback: once).candidates.isEmpty, "one decision is not a pattern")
        let often = SenderFeedback(chosen: [RecordRef("project:J1")!: 9])
        let candidate = engine.match(message, feedback: often).candidates.first
        #expect(candidate?.target.description == "project:J1")
        #expect(candidate?.decision == .propose)
        #expect(candidate?.evidence.first?.signal == .learned)
        #expect(candidate?.evidence.first?.text == "reviewers chose it 9 times for this sender")
    }

    @Test func aRecordReviewersKeepTurningDownWeighsHalf() {
        let spostex = ParsedMessage(from: [MailAddress(name: nil, address: "someone@spostex.pl")], subject: "Oferta")
        let before = engine.candidates(for: spostex).first { $0.target.id == "C1" }
        let declined = SenderFeedback(declined: [RecordRef("company:C1")!: 3])
        let after = engine.match(spostex, feedback: declined).candidates.first { $0.target.id == "C1" }
        #expect(before?.decision == .auto)
        #expect(after?.decision == .propose)
        #expect(after?.evidence.contains { $0.signal == .learned && $0.text.contains("turned it down 3 times") } == true)
    }
}
