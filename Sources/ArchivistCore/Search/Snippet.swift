import ArchivistModel

/// A short passage of a message's text around the first place that matches a search, with the
/// matching words marked `**like this**`.
///
/// The index holds folded text, so the matches are found in a folded copy of the original, and
/// the passage is cut from the original: what people see keeps its case and diacritics.
enum Snippet {
    static let before = 50
    static let length = 180

    /// - Parameters:
    ///   - terms: folded words to mark, each matching whole words only unless it is in `prefixes`.
    static func make(_ text: String, terms: [String], prefixes: Set<String> = []) -> String {
        let original = Array(text.prefix(200_000))
        var folded: [Character] = []
        var origin: [Int] = []
        folded.reserveCapacity(original.count)
        for (i, c) in original.enumerated() {
            if c.isASCII {
                folded.append(Character(c.lowercased()))
                origin.append(i)
                continue
            }
            for f in TextFolding.fold(String(c)) {
                folded.append(f)
                origin.append(i)
            }
        }
        var matches: [Range<Int>] = []
        for word in terms where !word.isEmpty {
            let term = Array(word)
            let wholeWord = !prefixes.contains(word)
            var i = 0
            while i + term.count <= folded.count {
                let end = i + term.count
                if folded[i] == term[0] && folded[i..<end].elementsEqual(term)
                    && (i == 0 || !isWordCharacter(folded[i - 1])) && (!wholeWord || end == folded.count || !isWordCharacter(folded[end])) {
                    matches.append(origin[i]..<(origin[i + term.count - 1] + 1))
                    i += term.count
                } else {
                    i += 1
                }
            }
        }
        matches.sort { $0.lowerBound < $1.lowerBound }
        let first = matches.first?.lowerBound ?? 0
        var start = max(0, first - before)
        while start > 0 && start < first && !original[start - 1].isWhitespace { start += 1 }
        var end = min(original.count, start + length)
        while end < original.count && end > start + length / 2 && !original[end - 1].isWhitespace { end -= 1 }

        var out = start > 0 ? "…" : ""
        var position = start
        for match in matches where match.lowerBound >= position && match.upperBound <= end {
            out += String(original[position..<match.lowerBound]) + "**" + String(original[match]) + "**"
            position = match.upperBound
        }
        out += String(original[position..<end])
        if end < original.count { out += "…" }
        return out.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingWhitespaceRuns()
    }

    private static func isWordCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber
    }
}

extension String {
    /// Runs of spaces and tabs as one space.
    fileprivate func trimmingWhitespaceRuns() -> String {
        split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}
