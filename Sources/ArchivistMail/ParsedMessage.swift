import Foundation
import ArchivistModel

/// A mailbox from an address header: an optional display name and the address itself.
public struct MailAddress: Sendable, Hashable, Codable {
    /// The decoded display name, or nil when the header gave none.
    public var name: String?
    /// The address as written (local part and domain), without angle brackets.
    public var address: String

    public init(name: String?, address: String) {
        self.name = name
        self.address = address
    }
}

/// One header field: its name as written and its value, unfolded and decoded.
public struct MailHeader: Sendable, Hashable, Codable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A part that is not read as the message's text: its file name, media type and decoded size.
public struct Attachment: Sendable, Hashable, Codable {
    /// The file name from Content-Disposition or Content-Type (RFC 2231 and RFC 2047 decoded).
    public var filename: String?
    /// The lower-cased media type, for example `application/pdf`.
    public var contentType: String
    /// The size in bytes after the transfer encoding is undone.
    public var size: Int

    public init(filename: String?, contentType: String, size: Int) {
        self.filename = filename
        self.contentType = contentType
        self.size = size
    }

    enum CodingKeys: String, CodingKey {
        case filename
        case contentType = "content_type"
        case size
    }
}

/// Mail that no person wrote to this company in particular.
public enum Automation: String, Sendable, Hashable, Codable {
    /// A newsletter or list mail (List-Unsubscribe, List-Id, Precedence: bulk or list).
    case bulk
    /// An automatic reply (Auto-Submitted, out-of-office subjects).
    case autoReply = "auto-reply"
}

/// What Archivist reads from one message: the headers that matter for filing it, the text used for
/// matching, its attachments and embedded messages, and what was wrong with it.
///
/// Parsing never fails: a message that is damaged is described by what could be read plus
/// ``defects``.
public struct ParsedMessage: Sendable, Hashable, Codable {
    /// The Message-ID without angle brackets, or nil when the message has none.
    public var messageID: String?
    /// The Date header, or nil when it is missing or unreadable.
    public var date: Date?
    public var from: [MailAddress]
    public var to: [MailAddress]
    public var cc: [MailAddress]
    public var replyTo: [MailAddress]
    /// The decoded subject, or nil when the message has no Subject header.
    public var subject: String?
    /// Message-IDs from In-Reply-To, without angle brackets.
    public var inReplyTo: [String]
    /// Message-IDs from References, oldest first, without angle brackets.
    public var references: [String]
    /// The text used for matching: the parts RFC 8621 section 4.1.4 chooses as textBody, with HTML
    /// turned into text.
    public var text: String
    public var attachments: [Attachment]
    /// Messages attached as message/rfc822 parts, parsed the same way.
    public var embedded: [ParsedMessage]
    /// Plain sentences describing what was malformed; empty for a well-formed message.
    public var defects: [String]
    /// Whether the message is a newsletter or an automatic reply; nil for mail a person wrote.
    public var automated: Automation?
    /// Every header of the message, in order, with its value decoded: what rules on a named
    /// header read.
    public var headers: [MailHeader]

    public init(
        messageID: String? = nil, date: Date? = nil, from: [MailAddress] = [], to: [MailAddress] = [],
        cc: [MailAddress] = [], replyTo: [MailAddress] = [], subject: String? = nil,
        inReplyTo: [String] = [], references: [String] = [], text: String = "",
        attachments: [Attachment] = [], embedded: [ParsedMessage] = [], defects: [String] = [], automated: Automation? = nil,
        headers: [MailHeader] = []
    ) {
        self.messageID = messageID
        self.date = date
        self.from = from
        self.to = to
        self.cc = cc
        self.replyTo = replyTo
        self.subject = subject
        self.inReplyTo = inReplyTo
        self.references = references
        self.text = text
        self.attachments = attachments
        self.embedded = embedded
        self.defects = defects
        self.automated = automated
        self.headers = headers
    }

    enum CodingKeys: String, CodingKey {
        case messageID = "message_id"
        case date, from, to, cc
        case replyTo = "reply_to"
        case subject
        case inReplyTo = "in_reply_to"
        case references, text, attachments, embedded, defects, automated, headers
    }

    public func encode(to encoder: any Encoder) throws {
        // Optional values are written as null rather than left out, so scripts see every key.
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(messageID, forKey: .messageID)
        try c.encode(date.map(Self.iso8601), forKey: .date)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(cc, forKey: .cc)
        try c.encode(replyTo, forKey: .replyTo)
        try c.encode(subject, forKey: .subject)
        try c.encode(inReplyTo, forKey: .inReplyTo)
        try c.encode(references, forKey: .references)
        try c.encode(text, forKey: .text)
        try c.encode(attachments, forKey: .attachments)
        try c.encode(embedded, forKey: .embedded)
        try c.encode(defects, forKey: .defects)
        try c.encode(automated, forKey: .automated)
        try c.encode(headers, forKey: .headers)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        messageID = try c.decodeIfPresent(String.self, forKey: .messageID)
        date = try c.decodeIfPresent(String.self, forKey: .date).flatMap { try? Date($0, strategy: .iso8601) }
        from = try c.decode([MailAddress].self, forKey: .from)
        to = try c.decode([MailAddress].self, forKey: .to)
        cc = try c.decode([MailAddress].self, forKey: .cc)
        replyTo = try c.decode([MailAddress].self, forKey: .replyTo)
        subject = try c.decodeIfPresent(String.self, forKey: .subject)
        inReplyTo = try c.decode([String].self, forKey: .inReplyTo)
        references = try c.decode([String].self, forKey: .references)
        text = try c.decode(String.self, forKey: .text)
        attachments = try c.decode([Attachment].self, forKey: .attachments)
        embedded = try c.decode([ParsedMessage].self, forKey: .embedded)
        defects = try c.decode([String].self, forKey: .defects)
        automated = try c.decodeIfPresent(Automation.self, forKey: .automated)
        headers = try c.decodeIfPresent([MailHeader].self, forKey: .headers) ?? []
    }

    /// The values of every header with this name (case does not matter).
    public func headerValues(_ name: String) -> [String] {
        headers.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
    }

    private static func iso8601(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}

extension ParsedMessage {
    /// The subject without reply and forward prefixes (Re:, RE:, Odp:, AW:, Fwd:, WG:, RV:, ...),
    /// folded: what the mails of one thread share even without thread headers.
    public var threadSubject: String {
        var s = TextFolding.fold(subject ?? "").trimmingCharacters(in: .whitespaces)
        let prefixes = ["re:", "odp:", "aw:", "fwd:", "fw:", "wg:", "rv:", "res:", "tr:", "sv:", "vs:", "odp.:", "pd:", "enc:", "r:"]
        var changed = true
        while changed {
            changed = false
            for prefix in prefixes where s.hasPrefix(prefix) {
                s = String(s.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
                changed = true
            }
        }
        return s.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Every address in From, To, Cc and Reply-To, lower-cased, without repeats.
    public var participants: [String] {
        var seen: Set<String> = []
        return (from + to + cc + replyTo).map { $0.address.lowercased() }.filter { seen.insert($0).inserted }
    }
}
