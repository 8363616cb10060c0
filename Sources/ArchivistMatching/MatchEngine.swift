import Foundation
import ArchivistMail
import ArchivistModel

/// One reason to file a message to a record.
public struct Evidence: Sendable, Codable, Equatable {
    public enum Signal: String, Sendable, Codable {
        case address, domain, thread, name, rule
        /// What reviewers chose or turned down before for this sender.
        case learned
    }

    public var signal: Signal
    /// Where it was found: from (with Reply-To), to, cc, subject, body, attachment, references.
    public var field: String
    /// What was found: the address, the domain, the name as written in the record, the thread.
    public var text: String
    public var weight: Double
}

/// What the engine suggests doing with a candidate.
public enum Decision: String, Sendable, Codable {
    /// Confident and unambiguous: archive without asking.
    case auto
    /// Worth asking a person.
    case propose
}

/// A record a message may belong to, with its score and the reasons.
public struct Candidate: Sendable, Codable {
    public var target: RecordRef
    public var name: String
    public var score: Double
    public var decision: Decision
    public var evidence: [Evidence]
    /// Roles the message gets when the engine archives it: from the rules that chose this target.
    public var roles: [String] = []

    enum CodingKeys: String, CodingKey {
        case target, type, id, name, score, decision, evidence, roles
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(target, forKey: .target)
        try c.encode(target.type, forKey: .type)
        try c.encode(target.id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode((score * 1000).rounded() / 1000, forKey: .score)
        try c.encode(decision, forKey: .decision)
        try c.encode(evidence, forKey: .evidence)
        if !roles.isEmpty { try c.encode(roles, forKey: .roles) }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        target = try c.decode(RecordRef.self, forKey: .target)
        name = try c.decode(String.self, forKey: .name)
        score = try c.decode(Double.self, forKey: .score)
        decision = try c.decode(Decision.self, forKey: .decision)
        evidence = try c.decode([Evidence].self, forKey: .evidence)
        roles = try c.decodeIfPresent([String].self, forKey: .roles) ?? []
    }

    public init(target: RecordRef, name: String, score: Double, decision: Decision, evidence: [Evidence], roles: [String] = []) {
        self.target = target
        self.name = name
        self.score = score
        self.decision = decision
        self.evidence = evidence
        self.roles = roles
    }
}

/// The engine's settings.
public struct MatchSettings: Sendable {
    /// The company's own mail domains: never a target, and mail from them is outgoing.
    public var ownDomains: Set<String>
    /// Domains that say nothing about a company; `*` matches one label (`hotmail.*`).
    public var freeMailDomains: [String]
    public var autoThreshold: Double
    public var proposeThreshold: Double
    /// A rival of the same type within this much of a candidate's score makes a name-based
    /// candidate ambiguous.
    public var margin: Double

    public init(ownDomains: Set<String> = [], freeMailDomains: [String] = MatchSettings.defaultFreeMailDomains,
                autoThreshold: Double = 0.9, proposeThreshold: Double = 0.4, margin: Double = 0.1) {
        self.ownDomains = Set(ownDomains.map { $0.lowercased() })
        self.freeMailDomains = freeMailDomains.map { $0.lowercased() }
        self.autoThreshold = autoThreshold
        self.proposeThreshold = proposeThreshold
        self.margin = margin
    }

    public static let defaultFreeMailDomains = [
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.*", "live.com", "msn.com", "yahoo.*", "icloud.com", "me.com",
        "aol.com", "gmx.*", "web.de", "t-online.de", "proton.me", "protonmail.com", "mail.com", "yandex.*", "wp.pl", "onet.pl",
        "onet.eu", "op.pl", "o2.pl", "interia.pl", "interia.eu", "poczta.fm", "tlen.pl", "gazeta.pl", "vp.pl", "buziaczek.pl",
        "telefonica.net", "terra.es", "ya.com",
    ]

    func isFreeMail(_ domain: String) -> Bool {
        freeMailDomains.contains { pattern in
            if pattern.hasSuffix(".*") {
                let stem = pattern.dropLast(2)
                return domain.hasPrefix(stem + ".") && !domain.dropFirst(stem.count + 1).contains(".")
            }
            return domain == pattern
        }
    }
}

/// What the engine knows of a message's thread: the targets of archived messages it refers to.
public struct ThreadContext: Sendable {
    /// Targets of archived messages named by In-Reply-To or References.
    public var referenced: [RecordRef]
    /// Targets of archived messages with the same subject (Re:, Fwd: ... stripped) and a shared
    /// participant, for replies without those headers.
    public var sameSubject: [RecordRef]

    public init(referenced: [RecordRef] = [], sameSubject: [RecordRef] = []) {
        self.referenced = referenced
        self.sameSubject = sameSubject
    }
}

/// What reviewers taught the engine about the message's sender: per record, how often they chose
/// it and how often they turned it down.
public struct SenderFeedback: Sendable {
    public var chosen: [RecordRef: Int]
    public var declined: [RecordRef: Int]

    public init(chosen: [RecordRef: Int] = [:], declined: [RecordRef: Int] = [:]) {
        self.chosen = chosen
        self.declined = declined
    }

    /// Learning needs a pattern, not a single decision.
    static let minimum = 2

    /// The evidence weight for a record reviewers keep choosing for this sender: below the auto
    /// threshold on its own, so learning alone never archives without asking.
    func weight(for ref: RecordRef) -> Double? {
        let yes = chosen[ref] ?? 0, no = declined[ref] ?? 0
        guard yes >= Self.minimum, yes > no else { return nil }
        return min(0.8, 0.35 + 0.15 * Double(yes - no))
    }

    /// Whether reviewers keep turning this record down for this sender: three times at least,
    /// and twice as often as they chose it.
    func isDeclined(_ ref: RecordRef) -> Bool {
        let yes = chosen[ref] ?? 0, no = declined[ref] ?? 0
        return no >= 3 && no >= 2 * yes
    }
}

/// Decides which records a message belongs to, and explains why. Pure: records, settings and
/// the thread come in as values, candidates come out.
public struct MatchEngine: Sendable {
    public let index: NameIndex
    public let settings: MatchSettings
    public let rules: RuleSet
    private let byEmail: [String: [Int]]
    private let byDomain: [String: [Int]]
    private let byCompanyID: [String: Int]
    private let byRef: [RecordRef: Int]
    /// Companies that are the own company (their domain is an own domain): never targets.
    private let ownRecords: Set<Int>

    public init(index: NameIndex, settings: MatchSettings, rules: RuleSet = .empty) {
        self.index = index
        self.settings = settings
        self.rules = rules
        var byEmail: [String: [Int]] = [:], byDomain: [String: [Int]] = [:], byCompanyID: [String: Int] = [:], byRef: [RecordRef: Int] = [:]
        var own: Set<Int> = []
        for (i, record) in index.records.enumerated() {
            byRef[record.ref] = i
            for email in record.emails { byEmail[email.lowercased(), default: []].append(i) }
            if record.ref.type == .company {
                byCompanyID[record.ref.id] = i
                for domain in record.domains {
                    byDomain[domain.lowercased(), default: []].append(i)
                    if settings.ownDomains.contains(domain.lowercased()) { own.insert(i) }
                }
            }
        }
        self.byEmail = byEmail
        self.byDomain = byDomain
        self.byCompanyID = byCompanyID
        self.byRef = byRef
        ownRecords = own
    }

    /// Whether mail from these senders is outgoing: one of them writes from an own domain.
    public func isOutgoing(_ message: ParsedMessage) -> Bool {
        message.from.contains { settings.ownDomains.contains(EmailAddress.domain(of: $0.address)) }
    }

    /// What the engine makes of a message: candidates best first, each with its decision, and
    /// what the rules said.
    public struct Result: Sendable {
        public var candidates: [Candidate]
        /// A `never` rule fired: the message is not to be archived at all.
        public var never: Bool
        public var rules: RuleOutcome
    }

    /// The candidates for a message, best first, each with its decision; candidates under the
    /// propose threshold are dropped.
    public func candidates(for message: ParsedMessage, thread: ThreadContext = ThreadContext()) -> [Candidate] {
        match(message, thread: thread).candidates
    }

    /// Matches a message: signals and rules, scores and decisions.
    ///
    /// - Parameters:
    ///   - account: the mailbox it arrived in, and `folder` the folder, for rules on them.
    public func match(_ message: ParsedMessage, thread: ThreadContext = ThreadContext(), account: String? = nil, folder: String? = nil,
                      feedback: SenderFeedback = SenderFeedback()) -> Result {
        let outgoing = isOutgoing(message)
        let ruleOutcome = rules.evaluate(message, context: RuleContext(outgoing: outgoing, account: account, folder: folder), matcher: PatternMatcher())
        if ruleOutcome.never {
            return Result(candidates: [], never: true, rules: ruleOutcome)
        }
        var evidence: [Int: [Evidence]] = [:]
        func add(_ record: Int, _ item: Evidence) {
            guard !ownRecords.contains(record) else { return }
            if evidence[record, default: []].contains(where: { $0.signal == item.signal && $0.text == item.text && $0.field == item.field }) { return }
            evidence[record, default: []].append(item)
        }
        addressEvidence(message, outgoing: outgoing, add)
        threadEvidence(thread, message, add)
        nameEvidence(message, outgoing: outgoing, add)
        // What reviewers chose before for this sender.
        for (ref, count) in feedback.chosen {
            guard let record = byRef[ref], let weight = feedback.weight(for: ref) else { continue }
            add(record, Evidence(signal: .learned, field: "from", text: "reviewers chose it \(count) times for this sender", weight: weight))
        }
        // What the rules decide about each of their targets.
        var ruled: [Int: (score: Double?, action: RuleAction, roles: Set<String>)] = [:]
        for fired in ruleOutcome.fired {
            let rule = fired.rule
            for target in fired.targets {
                guard let record = byRef[target] else { continue }
                add(record, Evidence(signal: .rule, field: fired.field, text: "rule \"\(rule.name)\" (\(rule.location.file):\(rule.location.line))",
                                     weight: rule.weight ?? (rule.action == .auto ? 0.95 : 0.7)))
                var entry = ruled[record] ?? (nil, .propose, [])
                if let score = rule.score { entry.score = max(entry.score ?? 0, score) }
                if rule.action == .auto { entry.action = .auto }
                entry.roles.formUnion(rule.roles)
                ruled[record] = entry
            }
        }

        var candidates: [Candidate] = evidence.compactMap { record, items in
            var score = 1 - items.reduce(1.0) { $0 * (1 - min($1.weight, 0.99)) }
            var items = items
            // Reviewers keep turning it down for this sender: it weighs half, and says why.
            if feedback.isDeclined(index.records[record].ref) {
                score *= 0.5
                items.append(Evidence(signal: .learned, field: "from",
                                      text: "reviewers turned it down \(feedback.declined[index.records[record].ref] ?? 0) times for this sender; score halved", weight: 0))
            }
            if let fixed = ruled[record]?.score { score = fixed }
            guard score >= settings.proposeThreshold || ruled[record] != nil else { return nil }
            let sorted = items.sorted { $0.weight > $1.weight }
            return Candidate(target: index.records[record].ref, name: index.records[record].name, score: score, decision: .propose,
                             evidence: sorted, roles: ruled[record].map { Array($0.roles).sorted() } ?? [])
        }
        candidates.sort { ($0.score, $1.target) > ($1.score, $0.target) }
        for i in candidates.indices {
            let c = candidates[i]
            if let record = byRef[c.target], ruled[record]?.action == .auto {
                candidates[i].decision = .auto  // an administrator's rule says so
                continue
            }
            // Newsletters and automatic replies are never archived without asking.
            guard message.automated == nil, c.score >= settings.autoThreshold else { continue }
            let nameOnly = c.evidence.allSatisfy { $0.signal == .name }
            let rival = candidates.contains { $0.target != c.target && $0.target.type == c.target.type && $0.score >= c.score - settings.margin }
            if !(nameOnly && rival) { candidates[i].decision = .auto }
        }
        return Result(candidates: candidates, never: false, rules: ruleOutcome)
    }

    // MARK: Signals

    private func addressEvidence(_ message: ParsedMessage, outgoing: Bool, _ add: (Int, Evidence) -> Void) {
        // Incoming mail speaks for its sender; outgoing mail for its recipients.
        // Reply-To is the sender's side: its evidence is reported under "from".
        let strong: [(String, [MailAddress])] = outgoing ? [("to", message.to), ("cc", message.cc)] : [("from", message.from + message.replyTo)]
        let weak: [(String, [MailAddress])] = outgoing ? [] : [("to", message.to), ("cc", message.cc)]
        for (fields, contactWeight, companyWeight, domainWeight) in [(strong, 0.97, 0.93, 0.9), (weak, 0.6, 0.5, 0.35)] {
            for (field, addresses) in fields {
                for address in addresses {
                    let email = address.address.lowercased()
                    let domain = EmailAddress.domain(of: email)
                    if settings.ownDomains.contains(domain) { continue }
                    for contact in byEmail[email] ?? [] {
                        add(contact, Evidence(signal: .address, field: field, text: email, weight: contactWeight))
                        if let companyID = index.records[contact].companyID, let company = byCompanyID[companyID] {
                            add(company, Evidence(signal: .address, field: field, text: "\(email) (\(index.records[contact].name))", weight: companyWeight))
                        }
                    }
                    if !settings.isFreeMail(domain) {
                        for company in byDomain[domain] ?? [] {
                            add(company, Evidence(signal: .domain, field: field, text: domain, weight: domainWeight))
                        }
                    }
                }
            }
        }
    }

    /// The records of archived mail in the same thread. Projects and items carry over whole;
    /// people and their companies only at full weight when they take part in this message too
    /// (a reply often goes to fewer people than the mail before it).
    private func threadEvidence(_ thread: ThreadContext, _ message: ParsedMessage, _ add: (Int, Evidence) -> Void) {
        let participants = Set(message.participants)
        let domains = Set(participants.map(EmailAddress.domain(of:)))
        func present(_ record: Int) -> Bool {
            let r = index.records[record]
            switch r.ref.type {
            case .contact:
                return r.emails.contains { participants.contains($0.lowercased()) }
            case .company:
                return r.domains.contains { domains.contains($0.lowercased()) }
                    || participants.contains { byEmail[$0]?.contains { index.records[$0].companyID == r.ref.id } ?? false }
            case .project, .warehouse:
                return true
            }
        }
        for (refs, field, text, weight) in [(thread.referenced, "references", "archived earlier in this thread", 0.93),
                                            (thread.sameSubject, "subject", "archived mail with this subject and a shared participant", 0.75)] {
            for ref in refs {
                guard let record = byRef[ref] else { continue }
                add(record, Evidence(signal: .thread, field: field, text: text, weight: present(record) ? weight : weight * 0.55))
            }
        }
    }

    private func nameEvidence(_ message: ParsedMessage, outgoing: Bool, _ add: (Int, Evidence) -> Void) {
        var texts: [(Zone, String)] = [(.subject, message.subject ?? "")]
        var zone: Zone? = nil
        var block = ""
        for (lineZone, line) in BodyZones.split(message.text) + message.embedded.flatMap({ BodyZones.split(($0.subject ?? "") + "\n" + $0.text) }) {
            if lineZone != zone, let z = zone { texts.append((z, block)); block = "" }
            zone = lineZone
            block += line + "\n"
        }
        if let z = zone { texts.append((z, block)) }
        texts.append((.attachment, message.attachments.compactMap(\.filename).joined(separator: "\n")))

        for (zone, text) in texts where !text.isEmpty {
            let factor: Double
            switch zone {
            case .subject: factor = 1.0
            case .body: factor = 0.85
            case .attachment: factor = 0.8
            case .quoted: factor = 0.4
            case .signature: factor = outgoing ? 0 : 0.6
            }
            guard factor > 0 else { continue }
            // A newsletter names many companies without being about any of them.
            let bulk = message.automated == .bulk ? 0.5 : 1.0
            for match in index.matches(in: text) {
                for e in match.entries {
                    let entry = index.entries[e]
                    var weight = entry.specificity
                    if match.withLegalForm { weight = 1 - (1 - weight) * 0.5 }
                    // Quoted mail and signatures are parts of the body; the text says which.
                    let (field, note): (String, String) = switch zone {
                    case .quoted: ("body", " (in quoted mail)")
                    case .signature: ("body", " (in a signature)")
                    default: (zone.rawValue, "")
                    }
                    add(entry.record, Evidence(signal: .name, field: field, text: entry.text + note, weight: min(0.95, weight * factor * bulk)))
                }
            }
        }
    }
}
