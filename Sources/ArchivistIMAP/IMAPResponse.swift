/// A value in an IMAP response: an atom or number, a string (quoted or a literal, as bytes), a
/// parenthesized list, or NIL.
public enum IMAPValue: Sendable, Equatable {
    case atom(String)
    case string([UInt8])
    case list([IMAPValue])
    case none

    /// The text of an atom or string.
    public var text: String? {
        switch self {
        case let .atom(a): a
        case let .string(bytes): String(decoding: bytes, as: UTF8.self)
        default: nil
        }
    }

    public var number: UInt64? { text.flatMap { UInt64($0) } }
}

/// One response from an IMAP server.
public enum IMAPResponse: Sendable, Equatable {
    /// `TAG OK|NO|BAD text`: a command finished.
    case tagged(tag: String, status: String, text: String)
    /// `* ...`: data, as values.
    case untagged([IMAPValue])
    /// `+ ...`: the server waits for more from the client.
    case continuation(String)
}

/// Why the server's bytes could not be read as IMAP.
public struct IMAPProtocolError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { "the server sent something that is not IMAP: \(message)" }
}

/// Reads responses from the bytes a server sends, however they are cut into pieces: literals
/// (`{n}` and n bytes, which may hold line breaks and text that looks like a response), several
/// pipelined responses in one piece, or one response over many.
public struct IMAPResponseParser: Sendable {
    private var buffer: [UInt8] = []
    private var start = 0

    public init() {}

    /// Adds bytes as they arrive.
    public mutating func feed<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        if start > 65_536 && start > buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete response, or nil until more bytes arrive.
    public mutating func next() throws(IMAPProtocolError) -> IMAPResponse? {
        var reader = Reader(bytes: buffer, position: start)
        do throws(Reader.Failure) {
            let response = try reader.response()
            start = reader.position
            return response
        } catch {
            switch error {
            case .needMore: return nil
            case let .malformed(message): throw IMAPProtocolError(message: message)
            }
        }
    }
}

private struct Reader {
    enum Failure: Error {
        case needMore
        case malformed(String)
    }

    let bytes: [UInt8]
    var position: Int

    private func peek() throws(Failure) -> UInt8 {
        guard position < bytes.count else { throw .needMore }
        return bytes[position]
    }

    private mutating func take() throws(Failure) -> UInt8 {
        let b = try peek()
        position += 1
        return b
    }

    private mutating func expectLineEnd() throws(Failure) {
        let b = try take()
        if b == 0x0D {
            guard try take() == 0x0A else { throw .malformed("a CR without LF") }
        } else if b != 0x0A {
            throw .malformed("expected the end of the line, found '\(Character(UnicodeScalar(b)))'")
        }
    }

    /// The rest of the line as text, the line end consumed.
    private mutating func restOfLine() throws(Failure) -> String {
        var text: [UInt8] = []
        while true {
            let b = try peek()
            if b == 0x0D || b == 0x0A { break }
            text.append(b)
            position += 1
        }
        try expectLineEnd()
        return String(decoding: text, as: UTF8.self)
    }

    mutating func response() throws(Failure) -> IMAPResponse {
        let first = try peek()
        if first == UInt8(ascii: "+") {
            position += 1
            if try peek() == UInt8(ascii: " ") { position += 1 }
            return .continuation(try restOfLine())
        }
        if first == UInt8(ascii: "*") {
            position += 1
            var values: [IMAPValue] = []
            while true {
                let b = try peek()
                if b == 0x0D || b == 0x0A {
                    try expectLineEnd()
                    return .untagged(values)
                }
                if b == UInt8(ascii: " ") { position += 1; continue }
                values.append(try value())
            }
        }
        let tag = try atom()
        guard try take() == UInt8(ascii: " ") else { throw .malformed("expected a space after the tag \(tag)") }
        let status = try atom()
        if try peek() == UInt8(ascii: " ") { position += 1 }
        return .tagged(tag: tag, status: status.uppercased(), text: try restOfLine())
    }

    private mutating func value() throws(Failure) -> IMAPValue {
        let b = try peek()
        switch b {
        case UInt8(ascii: "("):
            position += 1
            var items: [IMAPValue] = []
            while true {
                let c = try peek()
                if c == UInt8(ascii: ")") { position += 1; return .list(items) }
                if c == UInt8(ascii: " ") { position += 1; continue }
                if c == 0x0D || c == 0x0A { throw .malformed("a list is not closed before the end of the line") }
                items.append(try value())
            }
        case UInt8(ascii: "\""):
            position += 1
            var text: [UInt8] = []
            while true {
                let c = try take()
                if c == UInt8(ascii: "\"") { return .string(text) }
                if c == UInt8(ascii: "\\") { text.append(try take()); continue }
                if c == 0x0D || c == 0x0A { throw .malformed("a quoted string is not closed before the end of the line") }
                text.append(c)
            }
        case UInt8(ascii: "{"):
            position += 1
            var digits: [UInt8] = []
            while true {
                let c = try take()
                if c == UInt8(ascii: "}") { break }
                if c == UInt8(ascii: "+") { continue }
                guard c >= 0x30 && c <= 0x39 else { throw .malformed("a literal's length is not a number") }
                digits.append(c)
            }
            guard let length = Int(String(decoding: digits, as: UTF8.self)) else { throw .malformed("a literal's length is not a number") }
            try expectLineEnd()
            guard position + length <= bytes.count else { throw .needMore }
            let literal = Array(bytes[position..<(position + length)])
            position += length
            return .string(literal)
        default:
            let a = try atom()
            return a.uppercased() == "NIL" ? .none : .atom(a)
        }
    }

    /// An atom; a `[...]` section inside it (BODY[HEADER.FIELDS (A B)], [UIDVALIDITY 1]) is kept
    /// whole, spaces and all.
    private mutating func atom() throws(Failure) -> String {
        var text: [UInt8] = []
        var depth = 0
        while true {
            let b = try peek()
            if depth == 0 && (b == UInt8(ascii: " ") || b == UInt8(ascii: "(") || b == UInt8(ascii: ")") || b == 0x0D || b == 0x0A) { break }
            if depth > 0 && (b == 0x0D || b == 0x0A) { break }
            if b == UInt8(ascii: "[") { depth += 1 }
            if b == UInt8(ascii: "]") { depth = max(0, depth - 1) }
            text.append(b)
            position += 1
        }
        guard !text.isEmpty else { throw .malformed("expected an atom") }
        return String(decoding: text, as: UTF8.self)
    }
}

/// One message of a `UID FETCH` response.
public struct FetchedMessage: Sendable, Equatable {
    public var sequence: UInt64
    public var uid: UInt64?
    public var flags: [String]
    public var internalDate: String?
    public var size: UInt64?
    /// `BODY[]` as the server sent it.
    public var body: [UInt8]?

    /// Reads `* N FETCH (...)`; nil for any other response.
    public init?(_ response: IMAPResponse) {
        guard case let .untagged(values) = response, values.count == 3, let sequence = values[0].number,
              values[1].text?.uppercased() == "FETCH", case let .list(items) = values[2] else { return nil }
        self.sequence = sequence
        flags = []
        var i = 0
        while i + 1 < items.count {
            let key = items[i].text?.uppercased() ?? ""
            let value = items[i + 1]
            switch key {
            case "UID": uid = value.number
            case "FLAGS": if case let .list(list) = value { flags = list.compactMap(\.text) }
            case "INTERNALDATE": internalDate = value.text
            case "RFC822.SIZE": size = value.number
            case "BODY[]", "RFC822": if case let .string(bytes) = value { body = bytes }
            default: break
            }
            i += 2
        }
    }
}
