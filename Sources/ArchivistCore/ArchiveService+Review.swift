import Foundation
import ArchivistMail
import ArchivistMatching
import ArchivistModel
import ArchivistStore

/// What a run of the engine over the queue did (or, dry, would do).
public struct MatchReport: Sendable, Codable {
    /// Queued messages not decided before.
    public var messages = 0
    /// Messages archived by the engine, and the links it made.
    public var autoArchived = 0
    public var autoLinks = 0
    /// Messages whose candidates wait for a person.
    public var forReview = 0
    /// Messages a `never` rule keeps out of the archive.
    public var ignored = 0
    /// Messages for which no record stood out.
    public var nothing = 0
    /// Examples of automatic decisions with their reasons, for people reading the report.
    public var examples: [String] = []

    enum CodingKeys: String, CodingKey {
        case messages
        case autoArchived = "auto_archived"
        case autoLinks = "auto_links"
        case forReview = "for_review"
        case ignored, nothing, examples
    }
}

/// A message waiting for a person, with the engine's candidates.
public struct ReviewItem: Sendable, Codable {
    public var id: Int64
    public var status: String
    public var message: MessageSummary
    public var candidates: [Candidate]
}

extension ArchiveService {
    /// Runs the engine on every queued message the acting user may read that was not decided
    /// yet, oldest first so replies can use their thread: confident targets are archived by the
    /// user `engine`, proposals become review items, `never` rules mark the message ignored.
    ///
    /// Each message is decided in one transaction with its record of the decision, so a second run
    /// changes nothing and a crash leaves every message decided or untouched.
    public func match(dryRun: Bool = false) throws -> MatchReport {
        let viewer = try viewer()
        try database.install(viewer)
        let pending = try database.query("""
            SELECT m.id FROM message m
            WHERE EXISTS (SELECT 1 FROM arrival a WHERE a.message = m.id AND a.fetched_at >= ?)
              AND NOT EXISTS (SELECT 1 FROM match_decision d WHERE d.message = m.id)
              AND \(viewer.messageVisible("m.id"))
            ORDER BY m.date, m.id
            """, .integer(viewer.queueCutoff)) { $0.int64(0) }
        var report = MatchReport()
        guard !pending.isEmpty else { return report }
        let engine = try matchEngine()
        for id in pending {
            let parsed = MIMEParser.parse(try store.raw(id: id) ?? [])
            let result = try match(parsed, storedID: id, engine: engine)
            let auto = result.candidates.filter { $0.decision == .auto }
            let proposals = result.candidates.filter { $0.decision == .propose }
            report.messages += 1
            let outcome: String
            if result.never {
                outcome = "ignored"
                report.ignored += 1
            } else if !auto.isEmpty {
                outcome = "auto"
                report.autoArchived += 1
                report.autoLinks += auto.count
                if report.examples.count < 3 {
                    report.examples.append("\(id) \(parsed.subject ?? ""): " + auto.map { c in
                        "\(c.target) (\(c.evidence.first.map { "\($0.signal.rawValue): \($0.text)" } ?? ""))"
                    }.joined(separator: ", "))
                }
            } else if !proposals.isEmpty {
                outcome = "review"
            } else {
                outcome = "none"
                report.nothing += 1
            }
            if !proposals.isEmpty && !result.never { report.forReview += 1 }
            if dryRun { continue }
            try database.transaction {
                if outcome == "auto" {
                    let refs = try auto.map { c -> (id: Int64, ref: RecordRef) in
                        guard let rowID = try recordStore.rowID(c.target) else {
                            throw ArchivistError(.notFound, "record \(c.target) not found")
                        }
                        return (rowID, c.target)
                    }
                    let roles = Array(Set(auto.flatMap(\.roles))).sorted()
                    // One link at a time, so the log gives each target its own strongest reason.
                    for (candidate, ref) in zip(auto, refs) {
                        let reason = candidate.evidence.first.map { "\($0.signal.rawValue): \($0.text)" }
                        _ = try archive.link(id, messageID: parsed.messageID, to: [ref], roles: roles.isEmpty ? nil : roles, actor: "engine", via: reason)
                    }
                }
                if !proposals.isEmpty && !result.never {
                    let json = String(decoding: try JSONEncoder().encode(proposals), as: UTF8.self)
                    try database.run("INSERT INTO review_item (message, candidates, created_at) VALUES (?, ?, ?) ON CONFLICT (message) DO NOTHING",
                                     .integer(id), .text(json), .integer(Int64(Date().timeIntervalSince1970)))
                }
                try database.run("INSERT INTO match_decision (message, outcome, decided_at) VALUES (?, ?, ?)",
                                 .integer(id), .text(outcome), .integer(Int64(Date().timeIntervalSince1970)))
            }
        }
        return report
    }

    /// Review items the acting user may read, pending first, then skipped ones.
    public func reviewItems() throws -> [ReviewItem] {
        try reviewItems(only: nil)
    }

    /// The open review items the acting user may read, or only the one with this id.
    private func reviewItems(only id: Int64?) throws -> [ReviewItem] {
        let viewer = try viewer()
        try database.install(viewer)
        let rows = try database.query("""
            SELECT r.id, r.status, r.candidates, m.id FROM review_item r JOIN message m ON m.id = r.message
            WHERE r.status IN ('pending', 'skipped') AND (?1 IS NULL OR r.id = ?1) AND \(viewer.messageVisible("m.id"))
            ORDER BY r.status = 'skipped', r.id
            """, id.map { .integer($0) } ?? .null) { ($0.int64(0), $0.string(1), $0.string(2), $0.int64(3)) }
        return try rows.compactMap { id, status, candidates, message in
            guard let summary = try store.summaries([message]).first else { return nil }
            return ReviewItem(id: id, status: status, message: summary, candidates: Self.candidates(candidates))
        }
    }

    /// The candidates a review item keeps as JSON.
    private static func candidates(_ json: String) -> [Candidate] {
        (try? JSONDecoder().decode([Candidate].self, from: Data(json.utf8))) ?? []
    }

    private func reviewItem(_ id: Int64) throws -> ReviewItem {
        guard let item = try reviewItems(only: id).first else {
            throw ArchivistError(.notFound, "review item \(id) not found (see 'archivist review list')")
        }
        return item
    }

    /// Accepts a review item: archives its message, as the acting user, to the picked candidates
    /// (1-based; none picked and no other record named: the top one) and any records named.
    public func acceptReview(_ id: Int64, pick: [Int], also refs: [RecordRef], roles: [String]?) throws -> ArchiveResult {
        let item = try reviewItem(id)
        var targets: [RecordRef] = []
        for n in pick {
            guard n >= 1 && n <= item.candidates.count else {
                throw ArchivistError(.badInput, "item \(id) has \(item.candidates.count) candidate\(item.candidates.count == 1 ? "" : "s"); \(n) is not one of them")
            }
            targets.append(item.candidates[n - 1].target)
        }
        if pick.isEmpty && refs.isEmpty, let top = item.candidates.first { targets.append(top.target) }
        targets += refs
        guard !targets.isEmpty else { throw ArchivistError(.badInput, "item \(id) has no candidates: name a record with --to TYPE:ID") }
        return try database.transaction {
            let result = try archiveMessage(String(item.message.id), to: targets, roles: roles)
            try decide(id, "accepted")
            try recordFeedback(try parsedMessage(item.message.id), chosen: targets,
                               declined: item.candidates.map(\.target).filter { !targets.contains($0) })
            return result
        }
    }

    /// Rejects a review item: nothing is archived; the message stays in the queue.
    public func rejectReview(_ id: Int64) throws {
        let item = try reviewItem(id)
        try database.transaction {
            try decide(id, "rejected")
            try recordFeedback(try parsedMessage(item.message.id), chosen: [], declined: item.candidates.map(\.target))
        }
    }

    private func parsedMessage(_ id: Int64) throws -> ParsedMessage {
        MIMEParser.parse(try store.raw(id: id) ?? [])
    }

    /// Puts a review item back, after the pending ones.
    public func skipReview(_ id: Int64) throws {
        _ = try reviewItem(id)
        try decide(id, "skipped")
    }

    /// A review decision, as the interactive review remembers it for undo.
    public enum ReviewDecision: Sendable {
        case accepted(ArchiveResult)
        case rejected
        case skipped
    }

    /// Takes back a review decision: the item is pending again; the links an acceptance made are
    /// removed (in the audit log as an undo), and what the decision taught the engine is unlearned.
    public func undoReview(_ id: Int64, _ decision: ReviewDecision) throws {
        let row = try database.queryFirst("SELECT message, candidates FROM review_item WHERE id = ?", .integer(id)) { ($0.int64(0), $0.string(1)) }
        guard let (messageID, candidatesJSON) = row else { throw ArchivistError(.notFound, "review item \(id) not found") }
        let candidates = Self.candidates(candidatesJSON).map(\.target)
        try database.transaction {
            let parsed = try parsedMessage(messageID)
            switch decision {
            case let .accepted(accepted):
                let records = try accepted.outcome.attached.map { ref -> (id: Int64, ref: RecordRef) in
                    guard let rowID = try recordStore.rowID(ref) else { throw ArchivistError(.notFound, "record \(ref) not found") }
                    return (rowID, ref)
                }
                try archive.unlink(accepted.message, messageID: parsed.messageID, records: records,
                                   wasFirstArchiving: accepted.outcome.firstArchiving, actor: try actor().name)
                let chosen = accepted.outcome.attached + accepted.outcome.alreadyAttached
                try recordFeedback(parsed, chosen: chosen, declined: candidates.filter { !chosen.contains($0) }, by: -1)
            case .rejected:
                try recordFeedback(parsed, chosen: [], declined: candidates, by: -1)
            case .skipped:
                break
            }
            try database.run("UPDATE review_item SET status = 'pending', decided_at = NULL, decided_by = NULL WHERE id = ?", .integer(id))
        }
    }

    /// Records the acting user may see whose name, alias or code contains `text` (folded).
    public func findRecords(_ text: String, limit: Int = 9) throws -> [Record] {
        let wanted = TextFolding.fold(text)
        guard !wanted.isEmpty else { return [] }
        return Array(try listRecords(type: nil).map(\.record).filter { record in
            ([record.name] + record.aliases + [record.code ?? ""]).contains { TextFolding.fold($0).contains(wanted) }
        }.prefix(limit))
    }

    private func decide(_ id: Int64, _ status: String) throws {
        try database.run("UPDATE review_item SET status = ?, decided_at = ?, decided_by = ? WHERE id = ?",
                         .text(status), .integer(Int64(Date().timeIntervalSince1970)), .text(try actor().name), .integer(id))
    }
}
