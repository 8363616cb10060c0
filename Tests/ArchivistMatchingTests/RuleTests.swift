import Testing
import ArchivistMail
import ArchivistModel
@testable import ArchivistMatching

let ruleRecords = records + [
    Record(ref: RecordRef("company:C7")!, name: "Hormigones García S.L.", taxID: "ESB12345678"),
]

func ruleSet(_ text: String) throws(RuleLoadFailure) -> RuleSet {
    try RuleSet(sources: [(file: "test.rules", text: text)], records: ruleRecords)
}

func problems(_ text: String) -> [String] {
    do {
        let set = try ruleSet(text)
        return set.warnings.map { "\($0.location.line):\($0.location.column): \($0.severity.rawValue): \($0.message)" }
    } catch {
        return error.problems.map { "\($0.location.line):\($0.location.column): \($0.severity.rawValue): \($0.message)" }
    }
}

func mail(from: String = "jan@example.com", to: [String] = ["biuro@budowex.pl"], subject: String = "", text: String = "",
          attachments: [String] = [], headers: [MailHeader] = []) -> ParsedMessage {
    ParsedMessage(from: [MailAddress(name: nil, address: from)], to: to.map { MailAddress(name: nil, address: $0) }, subject: subject, text: text,
                  attachments: attachments.map { Attachment(filename: $0, contentType: "application/pdf", size: 1) }, headers: headers)
}

func fired(_ rules: RuleSet, _ message: ParsedMessage, outgoing: Bool = false, account: String? = nil, folder: String? = nil) -> [String] {
    rules.evaluate(message, context: RuleContext(outgoing: outgoing, account: account, folder: folder), matcher: PatternMatcher())
        .fired.map { "\($0.rule.name) -> \($0.targets.map(\.description).joined(separator: ","))" }
}

@Suite struct RuleGrammarTests {
    @Test func everyFieldAndTest() throws {
        let rules = try ruleSet("""
            rule "subject"
              subject ~ /oferta/i
              target company:C1
            rule "from"
              from ~ /@spostex\\.pl$/
              target company:C1
            rule "to"
              to contains "budimex.pl"
              target company:C2
            rule "cc"
              cc contains "budimexdom"
              target company:C3
            rule "address"
              address ~ /@spostex/
              target company:C1
            rule "sender domain"
              sender-domain is spostex.pl
              target company:C1
            rule "body"
              body contains "lomianki"
              target project:J1
            rule "attachment"
              attachment ~ /^faktura.*\\.pdf$/i
              target company:C1
            rule "header"
              header "X-Priority" ~ /^1/
              target company:C1
            rule "direction"
              direction is outgoing
              target company:C1
            rule "account"
              account is biuro
              target company:C1
            rule "folder"
              folder ~ /^Projekty\\//
              target company:C1
            """)
        let message = mail(from: "m.nowak@spostex.pl", to: ["a@budimex.pl"], subject: "OFERTA", text: "Dostawa na Łomianki",
                           attachments: ["Faktura_12.pdf"], headers: [MailHeader(name: "x-priority", value: "1 (Highest)")])
        #expect(fired(rules, message, outgoing: true, account: "biuro", folder: "Projekty/Łomianki").count == 11, "all but cc")
        #expect(fired(rules, mail(), outgoing: false).isEmpty)
    }

    @Test func anyGroupsNotAndAllConditionsTogether() throws {
        let rules = try ruleSet("""
            # a comment, and blank lines

            rule "supplier mail"   # comments may follow
              any
                from ~ /@spostex\\.pl$/
                from ~ /@budimex\\.pl$/
              end
              not subject contains "newsletter"
              not any
                attachment ~ /\\.zip$/
              end
              target company:C1
            """)
        #expect(fired(rules, mail(from: "a@budimex.pl", subject: "Faktura")) == ["supplier mail -> company:C1"])
        #expect(fired(rules, mail(from: "a@budimex.pl", subject: "Newsletter marca")).isEmpty)
        #expect(fired(rules, mail(from: "a@budimex.pl", attachments: ["x.zip"])).isEmpty)
        #expect(fired(rules, mail(from: "a@other.pl")).isEmpty)
    }

    @Test func capturedTargetsAreLookedUpByCodeNameOrTaxID() throws {
        let rules = try ruleSet("""
            rule "site code"
              subject ~ /\\b(?<site>[A-Z]{3}-\\d{4}-\\d{2})\\b/
              target project code=${site}
              action auto
            rule "whole match"
              subject ~ /MAT-\\d{4}/
              target warehouse code=$0
            rule "by name"
              body ~ /firma: (.+)$/m
              target company name=$1
            rule "by tax id"
              body ~ /NIF (\\S+)/
              target company taxid=$1
            rule "exact name"
              subject contains "hormigon"
              target company name="Hormigones García S.L."
            """)
        let result = fired(rules, mail(subject: "LOM-2024-07 i MAT-0042, hormigón", text: "firma: Spostex S.A.\nNIF ES-B12345678"))
        #expect(result == [
            "site code -> project:J1", "whole match -> warehouse:W1", "by name -> company:C1",
            "by tax id -> company:C7", "exact name -> company:C7",
        ])
        #expect(fired(rules, mail(subject: "XYZ-2024-07")) == ["site code -> "], "a code that names no record fires with no target")
    }

    @Test func neverRulesMeanNoCandidates() throws {
        let rules = try ruleSet("""
            rule "newsletters"
              header "List-Id" ~ /./
              action never
            """)
        let engine = MatchEngine(index: NameIndex(records: records), settings: MatchSettings(ownDomains: ["budowex.pl"]), rules: rules)
        var message = mail(from: "m.nowak@spostex.pl", subject: "Spostex news")
        #expect(!engine.match(message).candidates.isEmpty)
        message.headers = [MailHeader(name: "List-Id", value: "<news.spostex.pl>")]
        let result = engine.match(message)
        #expect(result.never && result.candidates.isEmpty)
    }

    @Test func ruleEvidenceScoresAndActionsInTheEngine() throws {
        let rules = try ruleSet("""
            rule "delta orders"
              subject contains "zamowienie"
              target company:C4
              score 0.5
              action auto
              roles purchasing, board
            rule "weak hint"
              body contains "atlas"
              target company:C2
              weight 0.45
            """)
        let engine = MatchEngine(index: NameIndex(records: records), settings: MatchSettings(), rules: rules)
        let candidates = engine.candidates(for: mail(subject: "Zamówienie", text: "atlas"))
        let delta = try #require(candidates.first { $0.target.id == "C4" })
        #expect(delta.score == 0.5 && delta.decision == .auto && delta.roles == ["board", "purchasing"])
        #expect(delta.evidence.first?.signal == .rule)
        #expect(delta.evidence.first?.text == "rule \"delta orders\" (test.rules:1)")
        let hint = try #require(candidates.first { $0.target.id == "C2" })
        #expect(hint.decision == .propose && abs(hint.score - 0.45) < 1e-9)
    }

    @Test func aCatastrophicPatternGivesUpInsteadOfHanging() throws {
        let rules = try ruleSet("""
            rule "backtracking"
              body ~ /^(a+)+$/
              target company:C1
            """)
        let outcome = rules.evaluate(mail(text: String(repeating: "a", count: 5_000) + "b"), context: RuleContext(outgoing: false), matcher: PatternMatcher())
        #expect(outcome.fired.isEmpty)
        #expect(outcome.tooCostly == ["backtracking (test.rules:1:1)"])
    }
}

@Suite struct RuleErrorTests {
    @Test(arguments: [
        ("rule \"a\"\n  subjcet ~ /x/\n  target company:C1", "2:3: error: unknown field 'subjcet' (did you mean 'subject'?)"),
        ("rule \"a\"\n  subject ~ /(x/\n  target company:C1", "2:16: error: bad pattern: missing closing parenthesis"),
        ("rule \"a\"\n  subject ~ /x/q\n  target company:C1", "2:16: error: unknown pattern flag 'q'"),
        ("rule \"a\"\n  subject ~ /x\n  target company:C1", "2:13: error: the pattern is not closed with /"),
        ("rule \"a\"\n  subject ~ x\n  target company:C1", "2:13: error: write the pattern between slashes"),
        ("rule \"a\"\n  subject contains x\n  target company:C1", "2:20: error: write the text in double quotes"),
        ("rule \"a\"\n  subject contains \"x\n  target company:C1", "2:20: error: the quoted text is not closed"),
        ("rule \"a\"\n  subject matches \"x\"\n  target company:C1", "2:11: error: unknown test 'matches'"),
        ("rule \"a\"\n  direction is sideways\n  target company:C1", "2:16: error: direction is incoming or outgoing"),
        ("rule \"a\"\n  subject ~ /x/ extra\n  target company:C1", "2:17: error: unexpected 'extra' after the condition"),
        ("rule \"a\"\n  header ~ /x/\n  target company:C1", "2:3: error: write the header's name in quotes"),
        ("rule \"a\"\n  subject ~ /x/\n  target firm:C1", "3:10: error: unknown record type in 'firm:C1'"),
        ("rule \"a\"\n  subject ~ /x/\n  target firm code=$0", "3:10: error: unknown record type 'firm'"),
        ("rule \"a\"\n  subject ~ /x/\n  target project colour=$0", "3:18: error: look records up by code, name, taxid or any"),
        ("rule \"a\"\n  subject ~ /(x)/\n  target project code=$2", "3:23: error: $2 refers to group 2, but the rule's first pattern has 1 group"),
        ("rule \"a\"\n  subject ~ /(x)/\n  target project code=${site}", "3:23: error: ${site} refers to a group named 'site'"),
        ("rule \"a\"\n  not any\n    subject ~ /(a)(b)(c)/\n  end\n  body ~ /(MAT-\\d{4})/\n  target warehouse code=$2", "6:25: error: $2 refers to group 2, but the rule's first pattern has 1 group"),
        ("rule \"a\"\n  subject contains \"x\"\n  target project code=$1", "3:23: error: $1 refers to a capture group, but the rule has no pattern"),
        ("rule \"a\"\n  subject ~ /x/\n  target company:C1\n  weight 2", "4:10: error: weight takes a number from 0 to 1"),
        ("rule \"a\"\n  subject ~ /x/\n  target company:C1\n  action maybe", "4:10: error: action is propose, auto or never"),
        ("rule \"a\"\n  subject ~ /x/\n  target company:C1\n  roles a b!", "4:11: error: 'b!' is not a role name"),
        ("rule a\n  subject ~ /x/", "1:1: error: write a rule's name in double quotes"),
        ("  subject ~ /x/", "1:3: error: a rule starts with: rule \"NAME\""),
        ("rule \"a\"\n  target company:C1", "1:1: error: rule \"a\" has no conditions"),
        ("rule \"a\"\n  subject ~ /x/", "1:1: error: rule \"a\" has no target"),
        ("rule \"a\"\n  any\n    subject ~ /x/\n  target company:C1", "2:3: error: 'any' is not closed"),
        ("rule \"a\"\n  end\n  subject ~ /x/\n  target company:C1", "2:3: error: 'end' without an 'any' before it"),
        ("rule \"a\"\n  subject ~ /x/\n  target company:C1\nrule \"a\"\n  subject ~ /y/\n  target company:C1", "4:6: error: another rule is named \"a\""),
        ("rule \"a\"\n  subject ~ /x/\n  target company:C404", "3:10: warning: no record company:C404 exists"),
        ("rule \"a\"\n  subject ~ /x/\n  target company name=\"Nobody\"", "3:23: warning: no company has the name \"Nobody\""),
        ("rule \"a\"\n  subject ~ /x/\n  target company:C1\n  action never", "1:1: warning: rule \"a\" never archives the message"),
    ])
    func everyProblemIsNamedWhereItIs(text: String, expected: String) {
        let found = problems(text)
        #expect(found.contains { $0.hasPrefix(expected) }, "\(found)")
    }

    @Test func theCaretStandsUnderTheFault() {
        do throws(RuleLoadFailure) {
            _ = try ruleSet("rule \"a\"\n  subjcet ~ /x/\n  target company:C1")
            Issue.record("loaded")
        } catch {
            let text = error.problems[0].description
            #expect(text == "test.rules:2:3: error: unknown field 'subjcet' (did you mean 'subject'?); fields are account, address, attachment, body, cc, direction, folder, from, sender-domain, subject, to, header \"NAME\"\n      subjcet ~ /x/\n      ^~~~~~~")
        }
    }

    @Test func aSetWithOneErrorLoadsNothing() {
        #expect(throws: RuleLoadFailure.self) {
            try RuleSet(sources: [("good.rules", "rule \"g\"\n  subject ~ /x/\n  target company:C1"), ("bad.rules", "rule \"b\"\n  subjcet ~ /x/\n  target company:C1")], records: records)
        }
    }

    @Test(arguments: [
        ("faktura nr \\d+", "faktura nr "), ("\\bLOM-\\d{4}", "lom-"), ("abc?def", "def"), ("(opt)?required", "required"),
        ("one|two", nil), ("[abc]xyz+q", "xyz"), ("x*", nil), ("spostex\\.pl$", "spostex.pl"),
    ] as [(String, String?)])
    func requiredLiterals(pattern: String, literal: String?) {
        #expect(RequiredLiteral.of(pattern, flags: "").map { String(decoding: $0, as: UTF8.self) } == literal)
        #expect(RequiredLiteral.of(pattern, flags: "x") == nil, "extended patterns have no plain text")
    }
}

@Suite struct LiteralScannerTests {
    /// The scanner finds exactly what a plain search finds, in short texts and in long ones (read as
    /// four interleaved streams), with literals placed across the streams' boundaries.
    @Test(arguments: [40, 700, 5_003, 20_000])
    func findsWhatAPlainSearchFinds(length: Int) {
        let literals = ["faktura", "lom-", "fv/1000/20", "abc", "xyzzy", "zz"].map { Array($0.utf8) }
        let scanner = LiteralScanner(literals)
        var generator = SeededBytes(seed: UInt64(length))
        var text = (0..<length).map { _ in UInt8(ascii: "a") + UInt8(generator.next() % 26) }
        // Literals at the quarter boundaries and at both ends, some in upper case.
        for (i, position) in [0, length / 4 - 3, length / 2 - 1, 3 * length / 4 - 2, length - 8].enumerated() where position >= 0 && position + 10 <= length {
            let literal = literals[i % literals.count]
            for (k, byte) in literal.enumerated() { text[position + k] = i % 2 == 0 ? byte : (byte >= 0x61 && byte <= 0x7A ? byte - 32 : byte) }
        }
        var found = [Bool](repeating: false, count: literals.count)
        text.withUnsafeBufferPointer { scanner.scan($0, into: &found) }
        let lowered = text.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
        let expected = literals.map { literal in
            lowered.count >= literal.count && (0...(lowered.count - literal.count)).contains { Array(lowered[$0..<($0 + literal.count)]) == literal }
        }
        #expect(found == expected)
    }
}

/// A deterministic byte source for the scanner test.
struct SeededBytes {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 33
    }
}
