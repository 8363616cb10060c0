import Foundation
import ArchivistMail
import ArchivistModel

/// What a rule sees besides the message: which way it went and where it arrived.
public struct RuleContext: Sendable {
    public var outgoing: Bool
    public var account: String?
    public var folder: String?

    public init(outgoing: Bool, account: String? = nil, folder: String? = nil) {
        self.outgoing = outgoing
        self.account = account
        self.folder = folder
    }
}

/// A rule that fired on a message, with the records it names there.
public struct FiredRule: Sendable {
    public var rule: Rule
    public var targets: [RecordRef]
    /// The part of the message the rule's first condition looks at, for the evidence.
    public var field: String
}

/// What the rules say about one message.
public struct RuleOutcome: Sendable {
    public var fired: [FiredRule] = []
    /// Rules whose pattern was too costly on this message (the match limit ran out): they count
    /// as not matching.
    public var tooCostly: [String] = []
    /// Whether a `never` rule fired: the message is not archived at all.
    public var never: Bool { fired.contains { $0.rule.action == .never } }
}

/// A rules set that did not load: every problem found. The set loads whole or not at all.
public struct RuleLoadFailure: Error, Sendable, CustomStringConvertible {
    public var problems: [RuleProblem]

    public var description: String {
        let errors = problems.filter { $0.severity == .error }.count
        return "the rules have \(errors) error\(errors == 1 ? "" : "s"):\n" + problems.map(\.description).joined(separator: "\n")
    }
}

/// Every rule of the rules files, compiled, with the prefilter over their required literals.
public final class RuleSet: Sendable {
    public let rules: [Rule]
    /// Warnings found when loading (errors make the load fail).
    public let warnings: [RuleProblem]
    /// The files the rules came from, with their text, for keeping the last good set.
    public let sources: [(file: String, text: String)]
    private let lookup: RecordLookup
    private let scanner: LiteralScanner
    /// Each rule's conditions with the scanner id of their required literal (-1 for none).
    private let checks: [[Check]]

    /// The fields the rules read, each with a slot number for the per-message caches.
    private let slots: [RuleField]
    /// Rules that need a literal to fire (their first top-level condition is a pattern with one):
    /// by slot, then by literal id. All other rules are always evaluated.
    private let gated: [(slot: Int, field: RuleField, byLiteral: [(literal: Int, rules: [Int])])]
    private let ungated: [Int]

    private indirect enum Check {
        case test(field: RuleField, slot: Int, test: RuleTest, negated: Bool, literal: Int)
        case any([Check], negated: Bool)
    }

    /// No rules.
    public static let empty = try! RuleSet(sources: [], records: [])

    /// Compiles rules from files' texts.
    ///
    /// - Throws: ``RuleLoadFailure`` with every error and warning when any error is found.
    public init(sources: [(file: String, text: String)], records: [Record]) throws(RuleLoadFailure) {
        let lookup = RecordLookup(records: records)
        var rules: [Rule] = []
        var problems: [RuleProblem] = []
        for (file, text) in sources {
            var parser = RuleParser(file: file, records: lookup)
            parser.parse(text)
            for rule in parser.rules {
                if let earlier = rules.first(where: { $0.name == rule.name }) {
                    let line = text.split(separator: "\n", omittingEmptySubsequences: false)[rule.location.line - 1]
                    problems.append(RuleProblem(severity: .error, location: rule.location,
                                                message: "another rule is named \"\(rule.name)\" (at \(earlier.location))", lineText: String(line), width: 4))
                }
            }
            rules += parser.rules
            problems += parser.problems
        }
        if problems.contains(where: { $0.severity == .error }) {
            throw RuleLoadFailure(problems: problems)
        }
        var literals: [[UInt8]] = []
        var slots: [RuleField] = []
        func slot(_ field: RuleField) -> Int {
            if let known = slots.firstIndex(of: field) { return known }
            slots.append(field)
            return slots.count - 1
        }
        func compile(_ conditions: [RuleCondition]) -> [Check] {
            conditions.map { condition in
                switch condition {
                case let .test(field, test, negated, _):
                    let slot = slot(field)
                    // Only patterns: the prefilter reads the raw text, and a folded `contains` may
                    // match text whose raw bytes differ (Łomianki for "lomianki").
                    var literal: [UInt8]?
                    if case let .pattern(_, required) = test { literal = required }
                    guard let literal else { return .test(field: field, slot: slot, test: test, negated: negated, literal: -1) }
                    literals.append(literal)
                    return .test(field: field, slot: slot, test: test, negated: negated, literal: literals.count - 1)
                case let .any(inner, negated, _):
                    return .any(compile(inner), negated: negated)
                }
            }
        }
        let checks = rules.map { compile($0.conditions) }
        var gatedBySlot: [Int: (field: RuleField, byLiteral: [Int: [Int]])] = [:]
        var ungated: [Int] = []
        for (index, ruleChecks) in checks.enumerated() {
            let gate = ruleChecks.first { check in
                if case let .test(_, _, _, negated, literal) = check { return !negated && literal >= 0 }
                return false
            }
            if case let .test(field, slot, _, _, literal)? = gate {
                gatedBySlot[slot, default: (field, [:])].byLiteral[literal, default: []].append(index)
            } else {
                ungated.append(index)
            }
        }
        self.rules = rules
        self.warnings = problems
        self.sources = sources
        self.lookup = lookup
        self.scanner = LiteralScanner(literals)
        self.checks = checks
        self.slots = slots
        self.gated = gatedBySlot.sorted { $0.key < $1.key }.map { slot, gate in
            (slot, gate.field, gate.byLiteral.sorted { $0.key < $1.key }.map { (literal: $0.key, rules: $0.value) })
        }
        self.ungated = ungated
    }

    /// Loads every `*.rules` file of the folders and files given, in name order.
    public static func load(paths: [String], records: [Record]) throws -> RuleSet {
        var sources: [(String, String)] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw RuleLoadFailure(problems: [RuleProblem(severity: .error, location: SourceLocation(file: path, line: 0, column: 0),
                                                             message: "no such file or folder", lineText: "")])
            }
            let files = isDirectory.boolValue
                ? try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".rules") }.sorted().map { path + "/" + $0 }
                : [path]
            for file in files {
                guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                    throw RuleLoadFailure(problems: [RuleProblem(severity: .error, location: SourceLocation(file: file, line: 0, column: 0),
                                                                 message: "the file cannot be read as UTF-8", lineText: "")])
                }
                sources.append((file, text))
            }
        }
        return try RuleSet(sources: sources, records: records)
    }

    // MARK: Evaluation

    /// The rules that fire on a message.
    ///
    /// - Parameter matcher: this thread's PCRE2 match data; see ``PatternMatcher``.
    public func evaluate(_ message: ParsedMessage, context: RuleContext, matcher: PatternMatcher) -> RuleOutcome {
        var outcome = RuleOutcome()
        guard !rules.isEmpty else { return outcome }
        var fields = FieldValues(message: message, context: context, scanner: scanner, slots: slots.count)
        // Only rules whose first required text occurs can fire: one scan per field finds them.
        var candidates = ungated
        for gate in gated {
            let found = fields.literals(in: gate.field, slot: gate.slot)
            for entry in gate.byLiteral where found[entry.literal] {
                candidates += entry.rules
            }
        }
        candidates.sort()
        for index in candidates {
            var captures: [Range<Int>?]? = nil
            var captureText = ""
            var costly = false
            var holds = true
            let rule = rules[index]
            var captureSource: Pattern?
            if case let .captured(_, _, _, source)? = rule.target { captureSource = source }
            for check in checks[index] where !test(check, &fields, matcher, captureSource, &captures, &captureText, &costly) {
                holds = false
                break
            }
            guard holds || costly else { continue }
            if costly { outcome.tooCostly.append("\(rule.name) (\(rule.location))") }
            guard holds else { continue }
            outcome.fired.append(FiredRule(rule: rule, targets: targets(of: rule, captures: captures, text: captureText),
                                           field: firstField(rule.conditions)?.evidenceField ?? "body"))
        }
        return outcome
    }

    /// The plain loop the prefilter is measured against: every pattern of every rule run over its
    /// field of the message, without the prefilter or short cuts. Returns how many matched.
    public func runEveryPattern(_ message: ParsedMessage, context: RuleContext, matcher: PatternMatcher) -> Int {
        var fields = FieldValues(message: message, context: context, scanner: scanner, slots: slots.count)
        var matched = 0
        func run(_ checks: [Check]) {
            for check in checks {
                switch check {
                case let .test(field, slot, .pattern(pattern, _), _, _):
                    for value in fields.values(field, slot: slot) {
                        var text = value
                        if case .match = text.withUTF8({ matcher.match(pattern, in: $0) }) { matched += 1 }
                    }
                case let .any(inner, _):
                    run(inner)
                default:
                    break
                }
            }
        }
        for ruleChecks in checks { run(ruleChecks) }
        return matched
    }

    private func firstField(_ conditions: [RuleCondition]) -> RuleField? {
        for condition in conditions {
            switch condition {
            case let .test(field, _, _, _): return field
            case let .any(inner, _, _): if let field = firstField(inner) { return field }
            }
        }
        return nil
    }

    /// Whether a check holds; the match of `captureSource`, the pattern a captured target reads,
    /// is kept in `captures`.
    private func test(_ check: Check, _ fields: inout FieldValues, _ matcher: PatternMatcher, _ captureSource: Pattern?,
                      _ captures: inout [Range<Int>?]?, _ captureText: inout String, _ costly: inout Bool) -> Bool {
        switch check {
        case let .any(inner, negated):
            let any = inner.contains { test($0, &fields, matcher, captureSource, &captures, &captureText, &costly) }
            return any != negated
        case let .test(field, slot, test, negated, literal):
            if literal >= 0 && !fields.contains(literal: literal, in: field, slot: slot) {
                return negated  // the required text is not there: the test cannot hold
            }
            var holds = false
            switch test {
            case let .pattern(pattern, _):
                for value in fields.values(field, slot: slot) {
                    var text = value
                    let outcome = text.withUTF8 { matcher.match(pattern, in: $0) }
                    switch outcome {
                    case let .match(groups):
                        holds = true
                        if pattern === captureSource && captures == nil {
                            captures = groups
                            captureText = value
                        }
                    case .tooCostly:
                        costly = true
                    case .noMatch:
                        break
                    }
                    if holds { break }
                }
            case let .contains(text):
                holds = fields.folded(field, slot: slot).contains(text)
            case let .equals(text):
                holds = fields.values(field, slot: slot).contains { $0.lowercased() == text }
            }
            return holds != negated
        }
    }

    private func targets(of rule: Rule, captures: [Range<Int>?]?, text: String) -> [RecordRef] {
        switch rule.target {
        case nil:
            return []
        case let .record(ref):
            return lookup.exists(ref) ? [ref] : []
        case let .named(type, name):
            return lookup.lookup(type: type, key: .any, value: name)
        case let .captured(type, key, group, _):
            guard let captures, group < captures.count, let range = captures[group] else { return [] }
            let bytes = Array(text.utf8)[range]
            return lookup.lookup(type: type, key: key, value: String(decoding: bytes, as: UTF8.self))
        }
    }
}

/// The values of a message's fields as rules read them, each folded and scanned for the required
/// literals once, when a rule first asks.
private struct FieldValues {
    let message: ParsedMessage
    let context: RuleContext
    let scanner: LiteralScanner
    private var valuesCache: [[String]?]
    private var foldedCache: [String?]
    private var found: [[Bool]?]

    init(message: ParsedMessage, context: RuleContext, scanner: LiteralScanner, slots: Int) {
        self.message = message
        self.context = context
        self.scanner = scanner
        valuesCache = Array(repeating: nil, count: slots)
        foldedCache = Array(repeating: nil, count: slots)
        found = Array(repeating: nil, count: slots)
    }

    mutating func values(_ field: RuleField, slot: Int) -> [String] {
        if let cached = valuesCache[slot] { return cached }
        let values = computeValues(field)
        valuesCache[slot] = values
        return values
    }

    private func computeValues(_ field: RuleField) -> [String] {
        switch field {
        case .subject: return [message.subject ?? ""]
        case .from: return message.from.map(\.address)
        case .to: return message.to.map(\.address)
        case .cc: return message.cc.map(\.address)
        case .address: return message.participants
        case .senderDomain: return message.from.prefix(1).map { EmailAddress.domain(of: $0.address) }
        case .body: return [([message.text] + message.embedded.map(\.text)).joined(separator: "\n")]
        case .attachment: return message.attachments.compactMap(\.filename)
        case let .header(name): return message.headerValues(name)
        case .direction: return [context.outgoing ? "outgoing" : "incoming"]
        case .account: return context.account.map { [$0] } ?? []
        case .folder: return context.folder.map { [$0] } ?? []
        }
    }

    mutating func folded(_ field: RuleField, slot: Int) -> String {
        if let cached = foldedCache[slot] { return cached }
        let folded = TextFolding.fold(values(field, slot: slot).joined(separator: "\n"))
        foldedCache[slot] = folded
        return folded
    }

    /// Whether a required literal occurs in the field's raw text (ASCII case ignored): a pattern
    /// cannot match without it, whatever its flags, since literals are plain ASCII.
    mutating func contains(literal id: Int, in field: RuleField, slot: Int) -> Bool {
        literals(in: field, slot: slot)[id]
    }

    /// Which required literals occur in the field's raw text, by literal id; scanned once.
    mutating func literals(in field: RuleField, slot: Int) -> [Bool] {
        if let marks = found[slot] { return marks }
        var marks = [Bool](repeating: false, count: scanner.literalCount)
        for value in values(field, slot: slot) {
            var text = value
            text.withUTF8 { scanner.scan($0, into: &marks) }
        }
        found[slot] = marks
        return marks
    }
}
