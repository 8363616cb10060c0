import ArchivistModel

/// What kind of name of a record an index entry is.
public enum NameKind: String, Sendable, Codable {
    case name, alias, code
}

/// One name of one record in the index.
public struct NameEntry: Sendable {
    /// The record's position in ``NameIndex/records``.
    public var record: Int
    public var kind: NameKind
    /// The name as the record gives it.
    public var text: String
    /// How much a mention of this name alone says, in (0, 1): a code or a long distinctive name
    /// says much, a short or common word little.
    public var specificity: Double
}

/// A name found in a text: the tokens it covers and every record entry it stands for.
public struct NameMatch: Sendable {
    public var entries: [Int]
    public var tokens: Range<Int>
    /// Whether a legal form (S.A., Sp. z o.o., GmbH ...) follows the name.
    public var withLegalForm: Bool
}

/// Every name, alias and code of every record, in a trie over tokens: one pass over a text finds
/// all of them, leftmost-longest (Budimex Dom wins over Budimex), whatever the number of names.
///
/// Immutable once built, so it is shared freely between threads.
public final class NameIndex: Sendable {
    public let records: [Record]
    public let entries: [NameEntry]
    private let tokenIDs: [String: Int32]
    /// Trie nodes: children by token id, and the entries that end at the node.
    private let children: [[Int32: Int32]]
    private let terminals: [[Int]]

    /// Builds the index.
    ///
    /// - Parameters:
    ///   - commonWords: folded words that say little alone (from stored mail and a default list);
    ///     a name made only of them is weak evidence.
    public init(records: [Record], commonWords: Set<String> = CommonWords.defaults) {
        var tokenIDs: [String: Int32] = [:]
        var children: [[Int32: Int32]] = [[:]]
        var terminals: [[Int]] = [[]]
        var entries: [NameEntry] = []

        func add(_ words: [String], _ entry: NameEntry) {
            var node = 0
            for word in words {
                let id: Int32
                if let known = tokenIDs[word] {
                    id = known
                } else {
                    id = Int32(tokenIDs.count)
                    tokenIDs[word] = id
                }
                if let next = children[node][id] {
                    node = Int(next)
                } else {
                    children.append([:])
                    terminals.append([])
                    children[node][id] = Int32(children.count - 1)
                    node = children.count - 1
                }
            }
            // One entry per record and node: a name and an alias that read the same count once.
            if let existing = terminals[node].first(where: { entries[$0].record == entry.record }) {
                if entries[existing].specificity < entry.specificity { entries[existing] = entry }
                return
            }
            entries.append(entry)
            terminals[node].append(entries.count - 1)
        }

        for (r, record) in records.enumerated() {
            var names: [(String, NameKind)] = [(record.name, .name)] + record.aliases.map { ($0, .alias) }
            if let code = record.code { names.append((code, .code)) }
            for (text, kind) in names {
                var words = TokenText.words(text)
                if record.ref.type == .company { words.removeLast(LegalForm.suffixLength(words)) }
                guard !words.isEmpty else { continue }
                let specificity = Self.specificity(words, kind: kind, type: record.ref.type, commonWords: commonWords)
                add(words, NameEntry(record: r, kind: kind, text: text, specificity: specificity))
            }
        }
        self.records = records
        self.entries = entries
        self.tokenIDs = tokenIDs
        self.children = children
        self.terminals = terminals
    }

    /// How specific a name is, from its kind, its length and how common its words are.
    static func specificity(_ words: [String], kind: NameKind, type: RecordType, commonWords: Set<String>) -> Double {
        if kind == .code { return words.count > 1 || words[0].count >= 5 ? 0.95 : 0.6 }
        let rare = words.filter { !commonWords.contains($0) && ($0.count >= 3 || $0.allSatisfy(\.isNumber)) }
        if type == .contact {
            return words.count >= 2 ? (rare.isEmpty ? 0.45 : 0.7) : 0.2
        }
        switch (words.count, rare.count) {
        case (1, 0): return 0.2
        case (1, _): return words[0].count <= 3 ? 0.3 : 0.6
        case (_, 0): return 0.45
        case (2, _): return 0.8
        default: return 0.9
        }
    }

    /// The names in a text, leftmost-longest, in order.
    public func matches(in text: TokenText) -> [NameMatch] {
        let count = text.tokens.count
        var ids = [Int32](repeating: -1, count: count)
        for i in 0..<count {
            ids[i] = tokenIDs[String(decoding: text.folded[text.tokens[i]], as: UTF8.self)] ?? -1
        }
        var found: [NameMatch] = []
        var i = 0
        while i < count {
            var node = 0
            var best: (end: Int, node: Int)?
            var j = i
            while j < count, ids[j] >= 0, let next = children[node][ids[j]] {
                node = Int(next)
                j += 1
                if !terminals[node].isEmpty { best = (j, node) }
            }
            if let best {
                found.append(NameMatch(entries: terminals[best.node], tokens: i..<best.end,
                                       withLegalForm: LegalForm.length(at: best.end, in: text) > 0))
                i = best.end
            } else {
                i += 1
            }
        }
        return found
    }
}

/// Words that say little about which record a message is for.
public enum CommonWords {
    /// A default list: words of the trade and of everyday mail in Polish, English, Spanish and
    /// German that are also company or product names (Delta, Atlas, Concrete, Cement ...).
    public static let defaults: Set<String> = Set("""
        delta atlas orion alfa alpha beta gamma omega concrete cement beton stal steel group grupa service services \
        serwis budowa budownictwo building build construction constructions construcciones bau bauen dom house home \
        projekt project proyecto obra obras trans transport logistic logistics logistica hurt hurtownia handel trade \
        trading system systems systemy tech technika technik technology media energia energy eco euro europa polska \
        poland espana spain international global new nowy nowa nowe best top pro plus max prima centrum center centro \
        city park osiedle residencial residence instal instalacje install partner partners consulting invest inwest \
        development developer deweloper market materiały materialy materiales material materials produkt product \
        firma company empresa zaklad fabryka factory industria industrial industries north south east west polnoc \
        poludnie wschod zachod star sun solar green blue red black white office biuro dach roof okna windows drzwi \
        doors glass szklo drewno wood metal metale hormigon hormigones acero ziegel holz ladrillo cegla
        """.split(whereSeparator: \.isWhitespace).map(String.init))
}
