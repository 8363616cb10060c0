import Foundation
import ArchivistMail
import ArchivistMatching
import ArchivistModel
import ArchivistStore

/// The figures of a back-test: how the engine's decisions compare with the targets a person chose.
public struct EvaluationReport: Sendable, Codable, Equatable {
    public struct Auto: Sendable, Codable, Equatable {
        /// Links the engine would have archived on its own.
        public var links = 0
        /// Of those, the ones a person chose too.
        public var correct = 0
        public var precision = 1.0
        /// Share of the true links archived on their own.
        public var recall = 0.0
    }

    public struct Negatives: Sendable, Codable, Equatable {
        /// Messages with no true target (newsletters, spam, internal mail).
        public var messages = 0
        /// Of those, the ones the engine would have archived somewhere.
        public var withAuto = 0

        enum CodingKeys: String, CodingKey {
            case messages
            case withAuto = "with_auto"
        }
    }

    public var messages = 0
    public var trueLinks = 0
    public var auto = Auto()
    /// Share of true links that are the best candidate of their record type.
    public var recallAt1 = 0.0
    /// Share of true links among the three best candidates of their record type.
    public var recallAt3 = 0.0
    public var negatives = Negatives()
    /// The wrong automatic links, for people tuning the engine; not part of the JSON figures.
    public var mistakes: [Mistake] = []

    /// An automatic link that the truth does not have.
    public struct Mistake: Sendable, Equatable {
        public var message: String
        public var candidate: RecordRef
        public var score: Double
        public var evidence: [String]
    }

    enum CodingKeys: String, CodingKey {
        case messages
        case trueLinks = "true_links"
        case auto
        case recallAt1 = "recall_at_1"
        case recallAt3 = "recall_at_3"
        case negatives
    }
}

/// A back-test of the matching engine on labelled mail, in a temporary database.
///
/// Messages are scored in Date order; after each, its true targets are archived, as a reviewer
/// would, so later replies can use the thread.
public enum Evaluation {
    /// A back-test on labelled files.
    ///
    /// - Parameters:
    ///   - truth: a JSON-lines file, `{"file": "0001.eml", "targets": ["company:C0012"]}` a line.
    /// - Parameter learning: whether the engine learns from the simulated reviewer as it goes.
    public static func run(records: String, messages: String, truth: String, ownDomains: [String], rules: [String]? = nil,
                           learning: Bool = true) throws -> EvaluationReport {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let service = try ArchiveService(databasePath: folder + "/eval.db")
        service.learning = learning
        if !ownDomains.isEmpty { try service.setSetting(Setting.ownDomains.key, ownDomains.joined(separator: ",")) }
        _ = try service.importRecords([records], type: nil)
        let labels = try readTruth(truth)
        _ = try service.ingest(paths: [messages], source: "eval")

        // Each labelled file's stored message.
        let folderPath = URL(fileURLWithPath: messages).standardizedFileURL.path
        var items: [Item] = []
        for (file, targets) in labels {
            guard let row = try service.database.queryFirst("""
                SELECT m.id, COALESCE(m.date, 0) FROM arrival a JOIN message m ON m.id = a.message
                WHERE a.folder = ? AND a.item = ?
                """, .text(folderPath), .text(file), row: { ($0.int64(0), $0.int64(1)) }) else {
                throw ArchivistError(.badInput, "\(truth): \(file) is not a message in \(messages)")
            }
            items.append(Item(id: row.0, date: row.1, name: file, targets: targets))
        }
        return try replay(items, in: service, rules: rules)
    }

    /// A back-test on the mail archived in a database, as it is archived now: the archive is
    /// copied to a temporary database, emptied of its links, and replayed.
    public static func runFromArchive(_ service: ArchiveService) throws -> EvaluationReport {
        try service.requireAdmin("evaluate the engine on the archive")
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let copyPath = folder + "/eval.db"
        try service.database.run("VACUUM INTO ?", .text(copyPath))
        let copy = try ArchiveService(databasePath: copyPath, user: service.actingName)
        let links = try copy.database.query("""
            SELECT m.id, COALESCE(m.date, 0), r.type, r.crm_id FROM archived a JOIN message m ON m.id = a.message
            JOIN link l ON l.message = m.id JOIN record r ON r.id = l.record
            """) { ($0.int64(0), $0.int64(1), $0.recordRef(2)) }
        var items: [Int64: Item] = [:]
        for (id, date, ref) in links {
            items[id, default: Item(id: id, date: date, name: String(id), targets: [])].targets.append(ref)
        }
        try copy.database.execute("DELETE FROM link; DELETE FROM archived_role; DELETE FROM archived;")
        return try replay(Array(items.values), in: copy)
    }

    /// One labelled message.
    struct Item {
        var id: Int64
        var date: Int64
        var name: String
        var targets: [RecordRef]
    }

    /// Scores the messages in Date order, archiving each one's true targets after scoring it.
    private static func replay(_ items: [Item], in service: ArchiveService, rules: [String]? = nil) throws -> EvaluationReport {
        let ordered = items.sorted { ($0.date, $0.name) < ($1.date, $1.name) }
        let engine = try service.matchEngine(rules: rules)
        var report = EvaluationReport()
        var at1 = 0, at3 = 0
        for item in ordered {
            let parsed = MIMEParser.parse(try service.store.raw(id: item.id) ?? [])
            let candidates = try service.suggest(parsed, storedID: item.id, engine: engine)
            let truth = Set(item.targets)
            report.messages += 1
            report.trueLinks += truth.count
            let auto = candidates.filter { $0.decision == .auto }.map(\.target)
            report.auto.links += auto.count
            report.auto.correct += auto.filter(truth.contains).count
            for candidate in candidates where candidate.decision == .auto && !truth.contains(candidate.target) {
                report.mistakes.append(.init(message: item.name, candidate: candidate.target, score: candidate.score,
                                             evidence: candidate.evidence.map { String(format: "%.2f %@ in %@: %@", $0.weight, $0.signal.rawValue, $0.field, $0.text) }))
            }
            if truth.isEmpty {
                report.negatives.messages += 1
                if !auto.isEmpty { report.negatives.withAuto += 1 }
            }
            for target in truth {
                let sameType = candidates.filter { $0.target.type == target.type }.map(\.target)
                if sameType.prefix(1).contains(target) { at1 += 1 }
                if sameType.prefix(3).contains(target) { at3 += 1 }
            }
            if service.learning {
                // The reviewer confirms the true proposals, adds what the engine missed, and turns
                // the rest down; the engine learns from it for the next messages.
                try service.recordFeedback(parsed, chosen: Array(truth.subtracting(auto)),
                                           declined: candidates.filter { $0.decision == .propose && !truth.contains($0.target) }.map(\.target))
            }
            if !truth.isEmpty {
                let records = try service.visibleRecords(Array(truth))
                _ = try service.archive.link(item.id, messageID: parsed.messageID, to: records, roles: nil, actor: "eval")
            }
        }
        report.auto.precision = report.auto.links == 0 ? 1 : Double(report.auto.correct) / Double(report.auto.links)
        report.auto.recall = report.trueLinks == 0 ? 0 : Double(report.auto.correct) / Double(report.trueLinks)
        report.recallAt1 = report.trueLinks == 0 ? 0 : Double(at1) / Double(report.trueLinks)
        report.recallAt3 = report.trueLinks == 0 ? 0 : Double(at3) / Double(report.trueLinks)
        return report
    }

    private static func temporaryFolder() throws -> String {
        let folder = NSTemporaryDirectory() + "archivist-eval-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return folder
    }

    private static func readTruth(_ path: String) throws -> [(String, [RecordRef])] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ArchivistError(.noInput, "\(path): the truth file does not exist or cannot be read")
        }
        struct Line: Decodable {
            var file: String
            var targets: [String]
        }
        var labels: [(String, [RecordRef])] = []
        for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            guard let parsed = try? JSONDecoder().decode(Line.self, from: Data(text.utf8)) else {
                throw ArchivistError(.badInput, "\(path):\(number + 1): not a line like {\"file\": \"0001.eml\", \"targets\": [\"company:C0012\"]}")
            }
            let targets = try parsed.targets.map { text in
                guard let ref = RecordRef(text) else { throw ArchivistError(.badInput, "\(path):\(number + 1): '\(text)' is not TYPE:ID") }
                return ref
            }
            labels.append((parsed.file, targets))
        }
        return labels
    }
}
