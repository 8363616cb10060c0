import Foundation
import ArchivistModel

/// An error or warning in a rules file, where it is, and the line it is on.
public struct RuleProblem: Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public var severity: Severity
    public var location: SourceLocation
    public var message: String
    /// The offending line, shown under the message with a caret under the fault.
    public var lineText: String
    public var width: Int = 1

    /// `file:line:column: error: message`, the line, and a caret under the fault.
    public var description: String {
        let caret = String(repeating: " ", count: max(0, location.column - 1)) + "^" + String(repeating: "~", count: max(0, width - 1))
        return "\(location): \(severity.rawValue): \(message)\n    \(lineText)\n    \(caret)"
    }
}

/// Reads rules files. The grammar, one rule per block:
///
/// ```
/// # a comment
/// rule "Łomianki site code"
///   subject ~ /\bLOM-\d{4}-\d{2}\b/
///   not from contains "newsletter"
///   any
///     to ~ /@budimex\.pl$/i
///     cc ~ /@budimex\.pl$/i
///   end
///   target project code=$0
///   weight 0.9          (or: score 0.95)
///   action auto         (propose, auto or never)
///   roles board,site
/// ```
struct RuleParser {
    /// A token of a line with the column it starts at (1-based, in characters).
    private struct Token {
        enum Kind { case word, string, pattern, symbol }
        var kind: Kind
        var text: String
        var flags = ""
        var column: Int
        var width: Int
    }

    let file: String
    let records: RecordLookup
    private(set) var problems: [RuleProblem] = []
    private(set) var rules: [Rule] = []

    init(file: String, records: RecordLookup) {
        self.file = file
        self.records = records
    }

    mutating func parse(_ text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0).replacingOccurrences(of: "\r", with: "") }
        var current: (rule: Rule, groups: [(conditions: [RuleCondition], negated: Bool, location: SourceLocation)], firstPattern: Pattern?)?
        var problemsBeforeRule = 0

        func finish(_ lineNumber: Int) {
            guard var c = current else { return }
            // A rule whose lines had errors is not also told it lacks what those lines meant to give.
            let linesHadErrors = problems.count > problemsBeforeRule
            if let open = c.groups.last {
                problem(.error, open.location, "'any' is not closed: add 'end' after its conditions", lines[open.location.line - 1], width: 3)
                c.groups.removeAll()
            }
            let rule = c.rule
            let line = lines[rule.location.line - 1]
            if rule.conditions.isEmpty && !linesHadErrors {
                problem(.error, rule.location, "rule \"\(rule.name)\" has no conditions", line, width: 4)
            }
            if rule.target == nil && rule.action != .never && !linesHadErrors {
                problem(.error, rule.location, "rule \"\(rule.name)\" has no target: add 'target TYPE:ID' (or 'action never')", line, width: 4)
            }
            if rule.target != nil && rule.action == .never {
                problem(.warning, rule.location, "rule \"\(rule.name)\" never archives the message, so its target is not used", line, width: 4)
            }
            rules.append(rule)
            current = nil
        }

        for (index, line) in lines.enumerated() {
            let number = index + 1
            let tokens: [Token]
            do {
                tokens = try tokenize(line)
            } catch {
                problem(.error, location(number, error.column), error.message, line, width: error.width)
                continue
            }
            guard let first = tokens.first else { continue }
            let here = location(number, first.column)

            if first.kind == .word && first.text == "rule" {
                finish(number)
                guard tokens.count == 2, tokens[1].kind == .string, !tokens[1].text.isEmpty else {
                    problem(.error, here, "write a rule's name in double quotes: rule \"Site codes\"", line, width: line.count)
                    continue
                }
                if let earlier = rules.first(where: { $0.name == tokens[1].text }) {
                    problem(.error, location(number, tokens[1].column), "another rule is named \"\(tokens[1].text)\" (at \(earlier.location))", line, width: tokens[1].width)
                }
                current = (Rule(name: tokens[1].text, location: here, conditions: [], target: nil, weight: nil, score: nil, action: .propose, roles: []), [], nil)
                problemsBeforeRule = problems.count
                continue
            }
            guard current != nil else {
                problem(.error, here, "a rule starts with: rule \"NAME\"", line, width: first.width)
                continue
            }
            switch (first.kind, first.text) {
            case (.word, "any"):
                current!.groups.append(([], false, here))
                if tokens.count > 1 { problem(.error, location(number, tokens[1].column), "'any' stands alone on its line", line, width: tokens[1].width) }
            case (.word, "not") where tokens.count == 2 && tokens[1].text == "any":
                current!.groups.append(([], true, here))
            case (.word, "end"):
                guard let group = current!.groups.popLast() else {
                    problem(.error, here, "'end' without an 'any' before it", line, width: 3)
                    continue
                }
                if group.conditions.isEmpty { problem(.error, group.location, "'any' with no conditions", lines[group.location.line - 1], width: 3) }
                add(.any(group.conditions, negated: group.negated, location: group.location), to: &current!)
            case (.word, "target"):
                current!.rule.target = target(tokens, number, line, firstPattern: current!.firstPattern)
            case (.word, "weight"), (.word, "score"):
                guard tokens.count == 2, let value = Double(tokens[1].text), (0...1).contains(value) else {
                    problem(.error, location(number, (tokens.count > 1 ? tokens[1] : first).column), "\(first.text) takes a number from 0 to 1", line, width: tokens.count > 1 ? tokens[1].width : first.width)
                    continue
                }
                if first.text == "weight" { current!.rule.weight = value } else { current!.rule.score = value }
            case (.word, "action"):
                guard tokens.count == 2, let action = RuleAction(rawValue: tokens[1].text) else {
                    problem(.error, location(number, (tokens.count > 1 ? tokens[1] : first).column), "action is propose, auto or never", line, width: tokens.count > 1 ? tokens[1].width : first.width)
                    continue
                }
                current!.rule.action = action
            case (.word, "roles"):
                let roles = tokens.dropFirst().filter { $0.text != "," }.map(\.text)
                if let bad = tokens.dropFirst().first(where: { $0.text != "," && !$0.text.allSatisfy { $0.isLetter || $0.isNumber || "._-".contains($0) } }) {
                    problem(.error, location(number, bad.column), "'\(bad.text)' is not a role name: use letters, digits and . _ -", line, width: bad.width)
                }
                current!.rule.roles = roles
            default:
                if let condition = condition(tokens, number, line) {
                    // The first pattern that must match, outside any 'not any' group, supplies captures.
                    if case let .test(_, .pattern(pattern, _), negated, _) = condition, !negated, current!.firstPattern == nil,
                       current!.groups.allSatisfy({ !$0.negated }) {
                        current!.firstPattern = pattern
                    }
                    add(condition, to: &current!)
                }
            }
        }
        finish(lines.count)
        problems.sort { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
    }

    private func add(_ condition: RuleCondition, to current: inout (rule: Rule, groups: [(conditions: [RuleCondition], negated: Bool, location: SourceLocation)], firstPattern: Pattern?)) {
        if current.groups.isEmpty {
            current.rule.conditions.append(condition)
        } else {
            current.groups[current.groups.count - 1].conditions.append(condition)
        }
    }

    private func location(_ line: Int, _ column: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column)
    }

    private mutating func problem(_ severity: RuleProblem.Severity, _ location: SourceLocation, _ message: String, _ line: String, width: Int = 1) {
        problems.append(RuleProblem(severity: severity, location: location, message: message, lineText: line, width: width))
    }

    // MARK: Conditions

    private mutating func condition(_ tokens: [Token], _ number: Int, _ line: String) -> RuleCondition? {
        var tokens = tokens[...]
        var negated = false
        if tokens.first?.text == "not" && tokens.first?.kind == .word {
            negated = true
            tokens = tokens.dropFirst()
        }
        guard let fieldToken = tokens.popFirst() else {
            problem(.error, location(number, 1), "'not' needs a condition after it", line)
            return nil
        }
        var field: RuleField
        if fieldToken.text == "header" {
            guard let name = tokens.popFirst(), name.kind == .string, !name.text.isEmpty else {
                problem(.error, location(number, fieldToken.column), "write the header's name in quotes: header \"List-Id\" ~ /.../", line, width: fieldToken.width)
                return nil
            }
            field = .header(name.text)
        } else if let known = RuleField.names[fieldToken.text] {
            field = known
        } else {
            let suggestion = RuleField.names.keys.min { editDistance($0, fieldToken.text) < editDistance($1, fieldToken.text) }
            let hint = suggestion.map { editDistance($0, fieldToken.text) <= 2 ? " (did you mean '\($0)'?)" : "" } ?? ""
            problem(.error, location(number, fieldToken.column),
                    "unknown field '\(fieldToken.text)'\(hint); fields are \(RuleField.names.keys.sorted().joined(separator: ", ")), header \"NAME\"",
                    line, width: fieldToken.width)
            return nil
        }
        guard let op = tokens.popFirst() else {
            problem(.error, location(number, fieldToken.column + fieldToken.width), "the condition needs ~ /pattern/, contains \"text\" or is VALUE", line)
            return nil
        }
        guard let value = tokens.popFirst() else {
            problem(.error, location(number, op.column + op.width), "'\(op.text)' needs a value after it", line)
            return nil
        }
        if let extra = tokens.first {
            problem(.error, location(number, extra.column), "unexpected '\(extra.text)' after the condition", line, width: extra.width)
            return nil
        }
        let here = location(number, fieldToken.column)
        switch (op.text, value.kind) {
        case ("~", .pattern):
            do {
                let pattern = try Pattern(value.text, flags: value.flags)
                return .test(field: field, test: .pattern(pattern, requiredLiteral: RequiredLiteral.of(value.text, flags: value.flags)),
                             negated: negated, location: here)
            } catch {
                let column = error.offset >= 0 ? value.column + 1 + prefixCharacters(value.text, bytes: error.offset) : value.column + value.width - value.flags.count
                problem(.error, location(number, column), "bad pattern: \(error.message)", line)
                return nil
            }
        case ("~", _):
            problem(.error, location(number, value.column), "write the pattern between slashes: ~ /pattern/flags", line, width: value.width)
        case ("contains", .string):
            return .test(field: field, test: .contains(TextFolding.fold(value.text)), negated: negated, location: here)
        case ("contains", _):
            problem(.error, location(number, value.column), "write the text in double quotes: contains \"text\"", line, width: value.width)
        case ("is", .word), ("is", .string):
            if field == .direction && value.text != "incoming" && value.text != "outgoing" {
                problem(.error, location(number, value.column), "direction is incoming or outgoing", line, width: value.width)
                return nil
            }
            return .test(field: field, test: .equals(value.text.lowercased()), negated: negated, location: here)
        default:
            problem(.error, location(number, op.column), "unknown test '\(op.text)': use ~ /pattern/, contains \"text\" or is VALUE", line, width: op.width)
        }
        return nil
    }

    // MARK: Targets

    private mutating func target(_ tokens: [Token], _ number: Int, _ line: String, firstPattern: Pattern?) -> RuleTarget? {
        guard tokens.count >= 2 else {
            problem(.error, location(number, 1), "target needs a record: target company:C0012, target project code=$1, target company name=\"...\"", line)
            return nil
        }
        let spec = tokens[1]
        if spec.text.contains(":") {
            guard let ref = RecordRef(spec.text) else {
                problem(.error, location(number, spec.column), "unknown record type in '\(spec.text)': use company, contact, warehouse or project", line, width: spec.width)
                return nil
            }
            if !records.exists(ref) {
                problem(.warning, location(number, spec.column), "no record \(ref) exists (yet); the rule cannot archive until it does", line, width: spec.width)
            }
            return .record(ref)
        }
        guard let type = RecordType(rawValue: spec.text) else {
            problem(.error, location(number, spec.column), "unknown record type '\(spec.text)': use company, contact, warehouse or project", line, width: spec.width)
            return nil
        }
        guard tokens.count == 5, tokens[3].text == "=" else {
            problem(.error, location(number, spec.column), "write: target \(type.rawValue) code=$1 (or name=, taxid=, any=), or target \(type.rawValue) name=\"Exact name\"", line, width: spec.width)
            return nil
        }
        let keyToken = tokens[2], value = tokens[4]
        guard let key = RuleTarget.LookupKey(rawValue: keyToken.text) else {
            problem(.error, location(number, keyToken.column), "look records up by code, name, taxid or any", line, width: keyToken.width)
            return nil
        }
        if value.kind == .string {
            if records.lookup(type: type, key: key, value: value.text).isEmpty {
                problem(.warning, location(number, value.column), "no \(type.rawValue) has the \(key.rawValue) \"\(value.text)\"", line, width: value.width)
            }
            return .named(type, value.text)
        }
        guard value.text.hasPrefix("$") else {
            problem(.error, location(number, value.column), "the value is a capture group ($1, ${name}) or a quoted text", line, width: value.width)
            return nil
        }
        guard let pattern = firstPattern else {
            problem(.error, location(number, value.column), "\(value.text) refers to a capture group, but the rule has no pattern before the target", line, width: value.width)
            return nil
        }
        let reference = String(value.text.dropFirst())
        if let group = Int(reference) {
            guard group <= pattern.captureCount else {
                problem(.error, location(number, value.column), "\(value.text) refers to group \(group), but the rule's first pattern has \(pattern.captureCount) group\(pattern.captureCount == 1 ? "" : "s")", line, width: value.width)
                return nil
            }
            return .captured(type, key: key, group: group, source: pattern)
        }
        let name = reference.hasPrefix("{") && reference.hasSuffix("}") ? String(reference.dropFirst().dropLast()) : reference
        guard let group = pattern.groupNumber(named: name) else {
            problem(.error, location(number, value.column), "\(value.text) refers to a group named '\(name)', which the rule's first pattern does not have", line, width: value.width)
            return nil
        }
        return .captured(type, key: key, group: group, source: pattern)
    }

    // MARK: Tokens

    private struct LexError: Error {
        var column: Int
        var width: Int
        var message: String
    }

    /// Splits a line into words, quoted strings, /patterns/flags and the symbols ~ = , ; a # starts
    /// a comment outside strings and patterns.
    private func tokenize(_ line: String) throws(LexError) -> [Token] {
        let chars = Array(line)
        var tokens: [Token] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" { i += 1; continue }
            if c == "#" { break }
            let start = i
            if c == "\"" {
                var text = ""
                i += 1
                var closed = false
                while i < chars.count {
                    if chars[i] == "\\" && i + 1 < chars.count { text.append(chars[i + 1]); i += 2; continue }
                    if chars[i] == "\"" { closed = true; i += 1; break }
                    text.append(chars[i]); i += 1
                }
                guard closed else { throw LexError(column: start + 1, width: chars.count - start, message: "the quoted text is not closed") }
                tokens.append(Token(kind: .string, text: text, column: start + 1, width: i - start))
            } else if c == "/" && tokens.last?.text == "~" {
                var text = ""
                i += 1
                var closed = false
                while i < chars.count {
                    if chars[i] == "\\" && i + 1 < chars.count {
                        if chars[i + 1] != "/" { text.append("\\") }
                        text.append(chars[i + 1]); i += 2; continue
                    }
                    if chars[i] == "/" { closed = true; i += 1; break }
                    text.append(chars[i]); i += 1
                }
                guard closed else { throw LexError(column: start + 1, width: chars.count - start, message: "the pattern is not closed with /") }
                var flags = ""
                while i < chars.count, chars[i].isLetter { flags.append(chars[i]); i += 1 }
                if let bad = flags.first(where: { !"isxm".contains($0) }) {
                    throw LexError(column: i - flags.count + flags.firstIndex(of: bad)!.utf16Offset(in: flags) + 1, width: 1, message: "unknown pattern flag '\(bad)': use i, s, x or m")
                }
                tokens.append(Token(kind: .pattern, text: text, flags: flags, column: start + 1, width: i - start))
            } else if "~=,".contains(c) {
                tokens.append(Token(kind: .symbol, text: String(c), column: start + 1, width: 1))
                i += 1
            } else {
                var text = ""
                while i < chars.count, !" \t~=,\"#".contains(chars[i]) { text.append(chars[i]); i += 1 }
                tokens.append(Token(kind: .word, text: text, column: start + 1, width: i - start))
            }
        }
        return tokens
    }

    /// The number of characters in the first `bytes` UTF-8 bytes of a string.
    private func prefixCharacters(_ text: String, bytes: Int) -> Int {
        String(decoding: Array(text.utf8).prefix(bytes), as: UTF8.self).count
    }
}

/// Levenshtein distance, for "did you mean" hints.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    var row = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
        var previous = row[0]
        row[0] = i
        for j in 1...max(b.count, 1) where !b.isEmpty {
            let old = row[j]
            row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
            previous = old
        }
    }
    return a.isEmpty ? b.count : row[b.count]
}
