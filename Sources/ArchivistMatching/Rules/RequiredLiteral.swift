import Foundation

/// The longest run of plain ASCII text that every match of a pattern must contain, in lower case:
/// a rule whose literal does not occur in a field (ASCII case ignored) cannot match there, so its
/// pattern need not run. Conservative: when in doubt (alternation at the top level, a short run),
/// none. In a caseless pattern a non-ASCII letter can match an ASCII one (the Kelvin sign K = k,
/// the long s ſ = s), so there k and s end a run.
enum RequiredLiteral {
    static let minimumLength = 3

    static func of(_ pattern: String, flags: String) -> [UInt8]? {
        // In extended mode white space and # comments are not text.
        if flags.contains("x") || pattern.contains("(?x") || pattern.contains("(?i x") { return nil }
        if let inline = pattern.range(of: "(?"), pattern[inline.upperBound...].prefix(while: { $0.isLetter || $0 == "-" }).contains("x") { return nil }
        let caseless = flags.contains("i") || pattern.contains("(?i")
        let chars = Array(pattern)
        var best: [UInt8] = []
        var run: [UInt8] = []
        var depth = 0
        var i = 0
        func breakRun() {
            if run.count > best.count { best = run }
            run = []
        }
        while i < chars.count {
            let c = chars[i]
            if depth > 0 {
                // Inside a group: anything might be optional or an alternative. Skip it.
                if c == "\\" { i += 2; continue }
                if c == "[" { i = skipClass(chars, i); continue }
                if c == "(" { depth += 1 }
                if c == ")" { depth -= 1; if depth == 0 { breakRun(); i = skipQuantifier(chars, i + 1, &run, &best, group: true); continue } }
                i += 1
                continue
            }
            switch c {
            case "|":
                return nil  // an alternative at the top level: no text is required
            case "(":
                breakRun()
                depth = 1
                i += 1
            case "[":
                breakRun()
                i = skipClass(chars, i)
                i = skipQuantifier(chars, i, &run, &best, group: true)
            case "\\":
                guard i + 1 < chars.count else { i += 1; continue }
                let next = chars[i + 1]
                if next.isASCII && !next.isLetter && !next.isNumber {
                    run.append(next.asciiValue!.lowercasedASCII)
                    i = skipQuantifier(chars, i + 2, &run, &best, group: false)
                } else {
                    breakRun()  // \d, \w, \b, \Q ... : not plain text
                    i += 2
                    if i < chars.count, "{".contains(chars[i]) { i = skipBraces(chars, i) }
                }
            case ".", "^", "$":
                breakRun()
                i = skipQuantifier(chars, i + 1, &run, &best, group: true)
            default:
                if c.isASCII, let value = c.asciiValue, value >= 0x20, !(caseless && "kKsS".contains(c)) {
                    run.append(value.lowercasedASCII)
                    i = skipQuantifier(chars, i + 1, &run, &best, group: false)
                } else {
                    breakRun()
                    i += 1
                }
            }
        }
        breakRun()
        return best.count >= minimumLength ? best : nil
    }

    /// After an atom: a quantifier that allows zero (?, *, {0,...}) takes a plain character back
    /// out of the run; any quantifier ends the run, since what follows a repeat is not adjacent
    /// to what came before it. Returns where the pattern goes on.
    private static func skipQuantifier(_ chars: [Character], _ i: Int, _ run: inout [UInt8], _ best: inout [UInt8], group: Bool) -> Int {
        guard i < chars.count else { return i }
        var end = i
        let optional: Bool
        switch chars[i] {
        case "?", "*": optional = true; end = i + 1
        case "+": optional = false; end = i + 1
        case "{":
            end = skipBraces(chars, i)
            optional = String(chars[i..<end]).hasPrefix("{0")
        default: return i
        }
        if end < chars.count, chars[end] == "?" || chars[end] == "+" { end += 1 }
        if !group, optional, !run.isEmpty { run.removeLast() }
        if run.count > best.count { best = run }
        run = []
        return end
    }

    private static func skipClass(_ chars: [Character], _ i: Int) -> Int {
        var j = i + 1
        if j < chars.count, chars[j] == "^" { j += 1 }
        if j < chars.count, chars[j] == "]" { j += 1 }
        while j < chars.count, chars[j] != "]" { j += chars[j] == "\\" ? 2 : 1 }
        return min(j + 1, chars.count)
    }

    private static func skipBraces(_ chars: [Character], _ i: Int) -> Int {
        var j = i
        while j < chars.count, chars[j] != "}" { j += 1 }
        return min(j + 1, chars.count)
    }
}

extension UInt8 {
    var lowercasedASCII: UInt8 { self >= 0x41 && self <= 0x5A ? self + 0x20 : self }
}
