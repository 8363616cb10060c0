import ArchivistModel

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
}
