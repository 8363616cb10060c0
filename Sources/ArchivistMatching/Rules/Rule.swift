import ArchivistModel

/// Where a rule or a problem in a rules file is: `file:line:column`.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public var description: String { "\(file):\(line):\(column)" }
}

/// The part of a message a condition looks at.
public enum RuleField: Sendable, Hashable {
    case subject, from, to, cc
    /// Any address in From, To, Cc or Reply-To.
    case address
    /// The domain of the From address.
    case senderDomain
    case body
    /// Attachment file names.
    case attachment
    /// A named header, for example `header "List-Id"`.
    case header(String)
    /// `incoming` or `outgoing`.
    case direction
    /// The mailbox (source) the message arrived in.
    case account
    case folder

    static let names: [String: RuleField] = [
        "subject": .subject, "from": .from, "to": .to, "cc": .cc, "address": .address, "sender-domain": .senderDomain,
        "body": .body, "attachment": .attachment, "direction": .direction, "account": .account, "folder": .folder,
    ]

    /// The evidence field a rule on this part reports, as `suggest` lists them.
    var evidenceField: String {
        switch self {
        case .subject: "subject"
        case .from, .senderDomain, .address: "from"
        case .to: "to"
        case .cc: "cc"
        case .body, .header, .direction, .account, .folder: "body"
        case .attachment: "attachment"
        }
    }
}

/// How a condition tests a field.
enum RuleTest: Sendable {
    /// A PCRE2 pattern, with the literal text any match must contain (folded, for the one-pass
    /// prefilter), when there is one.
    case pattern(Pattern, requiredLiteral: [UInt8]?)
    /// Folded substring: case and diacritics do not matter.
    case contains(String)
    /// Equality, case-insensitive: `direction is outgoing`.
    case equals(String)
}

/// One condition, or a group of which any must hold.
indirect enum RuleCondition: Sendable {
    case test(field: RuleField, test: RuleTest, negated: Bool, location: SourceLocation)
    case any([RuleCondition], negated: Bool, location: SourceLocation)
}

/// How a rule names its target.
enum RuleTarget: Sendable {
    /// `target company:C0012`
    case record(RecordRef)
    /// `target company name="Spostex S.A."`: the record with this name, alias or code.
    case named(RecordType, String)
    /// `target project code=$1`: looked up from a capture group of the rule's first pattern by
    /// code, name or alias, tax id, or any of them. The group (named ones too) is resolved to its
    /// number when the rule loads; `source` is the pattern whose match supplies it.
    case captured(RecordType, key: LookupKey, group: Int, source: Pattern)

    enum LookupKey: String, Sendable {
        case code, name, taxid, any
    }
}

/// What a rule does when it fires.
public enum RuleAction: String, Sendable, Codable {
    /// The target is at least proposed to a reviewer.
    case propose
    /// The target is archived without asking.
    case auto
    /// The message is not archived at all: no candidates.
    case never
}

/// One rule of a rules file, compiled.
public struct Rule: Sendable {
    public var name: String
    public var location: SourceLocation
    var conditions: [RuleCondition]
    var target: RuleTarget?
    /// The evidence weight; nil with a fixed score.
    public var weight: Double?
    /// A fixed score for the target, overriding the combined evidence.
    public var score: Double?
    public var action: RuleAction
    /// Roles the message gets when the engine archives it because of this rule.
    public var roles: [String]
}
