import ArchivistModel

/// Text as the matcher reads it: folded (lower case, no diacritics) and cut into tokens, each a
/// maximal run of letters and digits. Punctuation and white space of any length separate tokens,
/// so "Spostex S.A." and "SPOSTEX  S. A." read the same, and names match across line breaks.
public struct TokenText: Sendable {
    /// The folded text.
    public let folded: [UInt8]
    /// Byte ranges of the tokens in ``folded``.
    public let tokens: [Range<Int>]

    public init(_ text: String) {
        let folded = Array(TextFolding.fold(text).utf8)
        var tokens: [Range<Int>] = []
        var start: Int?
        for (i, byte) in folded.enumerated() {
            if Self.isTokenByte(byte) {
                if start == nil { start = i }
            } else if let s = start {
                tokens.append(s..<i)
                start = nil
            }
        }
        if let s = start { tokens.append(s..<folded.count) }
        self.folded = folded
        self.tokens = tokens
    }

    /// Letters and digits; every byte of a non-ASCII character counts as a letter (folding keeps
    /// only letters of other scripts outside ASCII).
    @inline(__always)
    static func isTokenByte(_ byte: UInt8) -> Bool {
        byte >= 0x80 || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
    }

    public func token(_ i: Int) -> Substring {
        String(decoding: folded[tokens[i]], as: UTF8.self)[...]
    }

    /// The tokens of `text`, folded, as strings.
    public static func words(_ text: String) -> [String] {
        let t = TokenText(text)
        return t.tokens.map { String(decoding: t.folded[$0], as: UTF8.self) }
    }
}

/// Legal forms of companies. A name is indexed without its legal form; a legal form right after a
/// matched name makes the match stronger.
public enum LegalForm {
    /// Token sequences of legal forms, each written the ways people write it.
    static let forms: [[String]] = [
        ["s", "a"], ["sa"], ["s", "a", "u"], ["sau"], ["sp", "z", "o", "o"], ["spolka", "z", "o", "o"], ["sp", "zoo"], ["spzoo"],
        ["sp", "j"], ["spj"], ["sp", "k"], ["spk"], ["sp", "p"], ["s", "k", "a"], ["ska"],
        ["s", "l"], ["sl"], ["s", "l", "u"], ["slu"], ["s", "c"], ["sc"], ["s", "coop"],
        ["gmbh"], ["gmbh", "co", "kg"], ["ag"], ["kg"], ["ohg"], ["e", "k"], ["se"],
        ["ltd"], ["limited"], ["plc"], ["llc"], ["llp"], ["inc"], ["corp"], ["co"], ["company"],
        ["s", "r", "o"], ["sro"], ["a", "s"], ["b", "v"], ["bv"], ["n", "v"], ["nv"], ["s", "r", "l"], ["srl"], ["s", "p", "a"], ["spa"],
        ["sarl"], ["sas"],
    ]

    /// The longest legal form that ends a token list, as a count of tokens (0 when none).
    static func suffixLength(_ tokens: [String]) -> Int {
        var best = 0
        for form in forms where form.count < tokens.count && form.count > best {
            if Array(tokens.suffix(form.count)) == form { best = form.count }
        }
        return best
    }

    /// The longest legal form that starts at token `i` of `text`, as a count of tokens.
    static func length(at i: Int, in text: TokenText) -> Int {
        var best = 0
        for form in forms where form.count > best && i + form.count <= text.tokens.count {
            var matches = true
            for (k, word) in form.enumerated() where text.token(i + k) != word[...] {
                matches = false
                break
            }
            if matches { best = form.count }
        }
        return best
    }
}
