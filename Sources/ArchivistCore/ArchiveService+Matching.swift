import Foundation
import ArchivistMail
import ArchivistMatching
import ArchivistModel
import ArchivistStore

extension ArchiveService {
    /// The engine's settings as stored.
    func matchSettings() throws -> MatchSettings {
        func list(_ setting: Setting) throws -> [String] {
            try self.setting(setting.key).split(separator: ",").map(String.init)
        }
        // The domains of the configured mailboxes are the company's own too, unless they are
        // free mail domains that anybody may use.
        let freeMail = try list(.freeMailDomains)
        let mailboxDomains = try AccountStore(database: database).all().map(\.domain).filter { !$0.isEmpty && !freeMail.contains($0) }
        return MatchSettings(
            ownDomains: Set(try list(.ownDomains)).union(mailboxDomains), freeMailDomains: freeMail,
            autoThreshold: Double(try setting(Setting.autoThreshold.key)) ?? 0.9,
            proposeThreshold: Double(try setting(Setting.proposeThreshold.key)) ?? 0.4,
            margin: Double(try setting(Setting.ambiguityMargin.key)) ?? 0.1)
    }

    /// The engine over every record, with the words that the stored mail shows to be common,
    /// and the active rules (or those of `rules`).
    func matchEngine(rules: [String]? = nil) throws -> MatchEngine {
        let learned = try searchIndex.commonWords()
        let records = try recordStore.all()
        let index = NameIndex(records: records, commonWords: CommonWords.defaults.union(learned))
        return MatchEngine(index: index, settings: try matchSettings(), rules: try activeRules(override: rules, records: records))
    }

    /// The mailbox and folder a stored message first arrived in, for rules on them.
    func origin(of storedID: Int64?) throws -> (account: String?, folder: String?) {
        guard let storedID else { return (nil, nil) }
        return try database.queryFirst("""
            SELECT s.name, a.folder FROM arrival a JOIN source s ON s.id = a.source WHERE a.message = ? ORDER BY a.fetched_at, a.id LIMIT 1
            """, .integer(storedID)) { ($0.string(0), $0.string(1)) } ?? (nil, nil)
    }

    /// What the engine knows of a message's thread from the archive.
    func threadContext(_ parsed: ParsedMessage, storedID: Int64?) throws -> ThreadContext {
        ThreadContext(
            referenced: try store.archivedTargets(messageIDs: parsed.inReplyTo + parsed.references),
            sameSubject: parsed.inReplyTo.isEmpty && parsed.references.isEmpty
                ? try store.archivedTargets(threadSubject: parsed.threadSubject, participants: parsed.participants, excluding: storedID, before: parsed.date) : [])
    }

    /// The records a message should be archived to, best first, with the reasons: for a queue id,
    /// a Message-ID or the path of a message file. Only records the acting user may see are named.
    public func suggest(_ reference: String) throws -> [Candidate] {
        try suggest([reference])[0]
    }

    /// Suggestions for several messages, with the engine built once: how a CRM asks for many.
    public func suggest(_ references: [String], rules: [String]? = nil) throws -> [[Candidate]] {
        let engine = try matchEngine(rules: rules)
        return try references.map { try suggest($0, engine: engine) }
    }

    private func suggest(_ reference: String, engine: MatchEngine) throws -> [Candidate] {
        let parsed: ParsedMessage
        var storedID: Int64?
        if FileManager.default.fileExists(atPath: reference), Int64(reference) == nil {
            guard let data = FileManager.default.contents(atPath: reference) else {
                throw ArchivistError(.noInput, "\(reference): the file cannot be read")
            }
            parsed = MIMEParser.parse([UInt8](data))
        } else {
            let message = try message(reference)
            storedID = message.id
            parsed = MIMEParser.parse(message.raw)
        }
        return try suggest(parsed, storedID: storedID, engine: engine)
    }

    func suggest(_ parsed: ParsedMessage, storedID: Int64?, engine: MatchEngine) throws -> [Candidate] {
        try match(parsed, storedID: storedID, engine: engine).candidates
    }

    /// The engine's full answer for a message, rules included, limited to what the acting user may
    /// see.
    func match(_ parsed: ParsedMessage, storedID: Int64?, engine: MatchEngine) throws -> MatchEngine.Result {
        let origin = try origin(of: storedID)
        var result = engine.match(parsed, thread: try threadContext(parsed, storedID: storedID), account: origin.account, folder: origin.folder,
                                  feedback: learning ? try senderFeedback(parsed) : SenderFeedback())
        for costly in result.rules.tooCostly {
            notices.append("rule \(costly) gave up on message \(storedID.map(String.init) ?? "(file)"): its pattern is too costly on this text (match limit)")
        }
        let viewer = try viewer()
        if !viewer.seesEverything {
            result.candidates = try result.candidates.filter { try recordStore.record($0.target, for: viewer) != nil }
        }
        return result
    }

    // MARK: Learning from reviewers

    private static func sender(of message: ParsedMessage) -> String? {
        message.from.first.map { $0.address.lowercased() }
    }

    /// What reviewers chose and turned down before for the message's sender.
    func senderFeedback(_ message: ParsedMessage) throws -> SenderFeedback {
        guard let sender = Self.sender(of: message) else { return SenderFeedback() }
        var feedback = SenderFeedback()
        for (record, chosen, declined) in try database.query("SELECT record, chosen, declined FROM review_feedback WHERE sender = ?", .text(sender), row: {
            ($0.string(0), $0.int(1), $0.int(2))
        }) {
            guard let ref = RecordRef(record) else { continue }
            if chosen > 0 { feedback.chosen[ref] = chosen }
            if declined > 0 { feedback.declined[ref] = declined }
        }
        return feedback
    }

    /// Counts a reviewer's decision for the message's sender; `by` -1 takes one back.
    func recordFeedback(_ message: ParsedMessage, chosen: [RecordRef], declined: [RecordRef], by step: Int = 1) throws {
        guard let sender = Self.sender(of: message) else { return }
        for (refs, column) in [(chosen, "chosen"), (declined, "declined")] {
            for ref in Set(refs) {
                try database.run("""
                    INSERT INTO review_feedback (sender, record, \(column)) VALUES (?1, ?2, MAX(?3, 0))
                    ON CONFLICT (sender, record) DO UPDATE SET \(column) = MAX(\(column) + ?3, 0)
                    """, .text(sender), .text(ref.description), .integer(Int64(step)))
            }
        }
    }
}
