import Foundation
import ArchivistMail
import ArchivistMatching
import ArchivistModel
import ArchivistStore

extension ArchiveService {
    /// The rules folder configured with `settings set rules-dir`, if any.
    func configuredRulesDirectory() throws -> String? {
        let path = try setting(Setting.rulesDirectory.key)
        return path.isEmpty ? nil : path
    }

    /// Compiles the rules of the given paths (or the configured folder); throws the problems.
    public func checkRules(_ paths: [String]) throws -> RuleSet {
        let paths = try paths.isEmpty ? (configuredRulesDirectory().map { [$0] } ?? []) : paths
        guard !paths.isEmpty else {
            throw ArchivistError(.badInput, "no rules to check: give a folder or file, or set one with 'archivist settings set rules-dir PATH'")
        }
        return try RuleSet.load(paths: paths, records: try recordStore.all())
    }

    /// The rules the engine uses: those of `override` when given, else the configured folder.
    ///
    /// A set loads whole or not at all. When the configured folder has errors, the last set that
    /// loaded stays active, and a notice says so.
    func activeRules(override: [String]? = nil, records: [Record]) throws -> RuleSet {
        if let override {
            return try RuleSet.load(paths: override, records: records)
        }
        guard let folder = try configuredRulesDirectory() else { return .empty }
        do {
            let rules = try RuleSet.load(paths: [folder], records: records)
            try saveSnapshot(rules)
            return rules
        } catch let failure as RuleLoadFailure {
            let snapshot = try database.query("SELECT file, text FROM rules_snapshot ORDER BY file") { ($0.string(0), $0.string(1)) }
            let errors = failure.problems.filter { $0.severity == .error }.count
            notices.append("the rules in \(folder) have \(errors) error\(errors == 1 ? "" : "s") (see 'archivist rules check'); "
                           + (snapshot.isEmpty ? "no rules are active" : "the last set that loaded stays active"))
            guard !snapshot.isEmpty else { return .empty }
            return (try? RuleSet(sources: snapshot.map { (file: $0.0, text: $0.1) }, records: records)) ?? .empty
        }
    }

    private func saveSnapshot(_ rules: RuleSet) throws {
        let saved = try database.query("SELECT file, text FROM rules_snapshot ORDER BY file") { [$0.string(0), $0.string(1)] }
        let current = rules.sources.sorted { $0.file < $1.file }.map { [$0.file, $0.text] }
        guard saved != current else { return }
        try database.transaction {
            try database.run("DELETE FROM rules_snapshot")
            for source in rules.sources {
                try database.run("INSERT INTO rules_snapshot (file, text, saved_at) VALUES (?, ?, ?)",
                                 .text(source.file), .text(source.text), .integer(Int64(Date().timeIntervalSince1970)))
            }
        }
    }
}

/// What a dry run of rules found: per message, the rules that fired and how the decisions differ
/// from those of the active rules.
public struct RuleTestReport: Sendable, Codable {
    public struct Entry: Sendable, Codable {
        public var message: String
        public var subject: String?
        /// `name (file:line)` of each rule that fired.
        public var fired: [String]
        /// Targets the tested rules add, as `TYPE:ID (auto)`.
        public var added: [String]
        /// Targets they remove.
        public var removed: [String]
        /// Targets whose decision changes, as `TYPE:ID propose -> auto`.
        public var changed: [String]
        /// Whether a `never` rule fired.
        public var never: Bool
    }

    public struct Totals: Sendable, Codable {
        public var messages = 0
        public var withFiredRules = 0
        public var added = 0
        public var removed = 0
        public var changed = 0
        public var never = 0

        enum CodingKeys: String, CodingKey {
            case messages
            case withFiredRules = "with_fired_rules"
            case added, removed, changed, never
        }
    }

    public var messages: [Entry] = []
    public var totals = Totals()
}

/// Which messages a dry run of rules looks at.
public enum RuleTestMessages: Sendable {
    case files(String)
    case queue
    case archive
}

extension ArchiveService {
    /// Runs the rules of `paths` (the configured folder when empty) over messages without changing
    /// anything, beside the active rules.
    public func testRules(_ paths: [String], on messages: RuleTestMessages) throws -> RuleTestReport {
        let records = try recordStore.all()
        let tested = try checkRules(paths)
        let active = try activeRules(records: records)
        let index = NameIndex(records: records, commonWords: CommonWords.defaults.union(try searchIndex.commonWords()))
        let settings = try matchSettings()
        let before = MatchEngine(index: index, settings: settings, rules: active)
        let after = MatchEngine(index: index, settings: settings, rules: tested)

        var inputs: [(name: String, parsed: ParsedMessage, storedID: Int64?)] = []
        switch messages {
        case let .files(folder):
            for message in try LocalMail.discover([folder]) {
                let raw = try LocalMail.read(message)
                inputs.append((message.displayPath, MIMEParser.parse(raw), nil))
            }
        case .queue:
            for entry in try queue() {
                inputs.append((String(entry.message.id), MIMEParser.parse(try store.raw(id: entry.message.id) ?? []), entry.message.id))
            }
        case .archive:
            for entry in try archivedMessages(record: nil, limit: nil) {
                inputs.append((String(entry.message.id), MIMEParser.parse(try store.raw(id: entry.message.id) ?? []), entry.message.id))
            }
        }

        var report = RuleTestReport()
        for input in inputs {
            let old = try match(input.parsed, storedID: input.storedID, engine: before)
            let new = try match(input.parsed, storedID: input.storedID, engine: after)
            let oldDecisions = Dictionary(old.candidates.map { ($0.target, $0.decision) }, uniquingKeysWith: { a, _ in a })
            let newDecisions = Dictionary(new.candidates.map { ($0.target, $0.decision) }, uniquingKeysWith: { a, _ in a })
            let entry = RuleTestReport.Entry(
                message: input.name, subject: input.parsed.subject,
                fired: new.rules.fired.map { "\($0.rule.name) (\($0.rule.location.file):\($0.rule.location.line))" },
                added: newDecisions.filter { oldDecisions[$0.key] == nil }.map { "\($0.key) (\($0.value.rawValue))" }.sorted(),
                removed: oldDecisions.filter { newDecisions[$0.key] == nil }.map { "\($0.key) (\($0.value.rawValue))" }.sorted(),
                changed: newDecisions.compactMap { target, decision in
                    guard let was = oldDecisions[target], was != decision else { return nil }
                    return "\(target) \(was.rawValue) -> \(decision.rawValue)"
                }.sorted(),
                never: new.never)
            report.totals.messages += 1
            if !entry.fired.isEmpty { report.totals.withFiredRules += 1 }
            report.totals.added += entry.added.count
            report.totals.removed += entry.removed.count
            report.totals.changed += entry.changed.count
            if entry.never { report.totals.never += 1 }
            report.messages.append(entry)
        }
        return report
    }
}
