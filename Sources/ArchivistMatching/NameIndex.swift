import ArchivistModel
import Glibc

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
/// The text is folded and cut into tokens on the fly (``Tokenizer``); a token that is no word of
/// any name costs one hash-table probe. Immutable once built, so it is shared freely between
/// threads.
public final class NameIndex: Sendable {
    public let records: [Record]
    public let entries: [NameEntry]
    private let tokenizer = Tokenizer()
    /// Word ids by the hash of the word's folded bytes, and the bytes, to rule out collisions.
    private let words: IntTable
    private let wordBytes: [UInt8]
    private let wordStart: [Int32]
    /// Trie edges keyed by node << 32 | word id.
    private let edges: IntTable
    /// The entries that end at each node: `terminalEntries[terminalStart[n]..<terminalStart[n + 1]]`.
    private let terminalStart: [Int32]
    private let terminalEntries: [Int32]
    /// Legal forms as word ids, by the id of their first word.
    private let legalForms: [Int32: [[Int32]]]

    /// Builds the index.
    ///
    /// - Parameters:
    ///   - commonWords: folded words that say little alone (from stored mail and a default list);
    ///     a name made only of them is weak evidence.
    public init(records: [Record], commonWords: Set<String> = CommonWords.defaults) {
        let tokenizer = Tokenizer()
        var words = IntTable(capacity: 1024)
        var wordBytes: [UInt8] = []
        var wordStart: [Int32] = [0]
        var edges = IntTable(capacity: 1024)
        var nodeTerminals: [[Int32]] = [[]]
        var entries: [NameEntry] = []

        func wordID(_ bytes: [UInt8]) -> Int32 {
            let hash = Tokenizer.hash(bytes)
            let known = words.value(hash)
            if known >= 0 { return known }
            let id = Int32(wordStart.count - 1)
            words.set(hash, id)
            wordBytes += bytes
            wordStart.append(Int32(wordBytes.count))
            return id
        }
        func add(_ tokens: [[UInt8]], _ entry: NameEntry) {
            var node: Int32 = 0
            for token in tokens {
                let key = UInt64(UInt32(node)) << 32 | UInt64(UInt32(wordID(token)))
                let next = edges.value(key)
                if next >= 0 {
                    node = next
                } else {
                    nodeTerminals.append([])
                    node = Int32(nodeTerminals.count - 1)
                    edges.set(key, node)
                }
            }
            // One entry per record and node: a name and an alias that read the same count once.
            if let existing = nodeTerminals[Int(node)].first(where: { entries[Int($0)].record == entry.record }) {
                if entries[Int(existing)].specificity < entry.specificity { entries[Int(existing)] = entry }
                return
            }
            entries.append(entry)
            nodeTerminals[Int(node)].append(Int32(entries.count - 1))
        }

        for (r, record) in records.enumerated() {
            var names: [(String, NameKind)] = [(record.name, .name)] + record.aliases.map { ($0, .alias) }
            if let code = record.code { names.append((code, .code)) }
            for (text, kind) in names {
                var tokens = tokenizer.words(text)
                if record.ref.type == .company {
                    tokens.removeLast(LegalForm.suffixLength(tokens.map { String(decoding: $0, as: UTF8.self) }))
                }
                guard !tokens.isEmpty else { continue }
                let specificity = Self.specificity(tokens.map { String(decoding: $0, as: UTF8.self) }, kind: kind, type: record.ref.type, commonWords: commonWords)
                add(tokens, NameEntry(record: r, kind: kind, text: text, specificity: specificity))
            }
        }
        legalForms = Dictionary(grouping: LegalForm.forms.map { $0.map { wordID(Array($0.utf8)) } }, by: { $0[0] })

        let terminals = FlatLists(nodeTerminals)

        self.records = records
        self.entries = entries
        self.words = words
        self.wordBytes = wordBytes
        self.wordStart = wordStart
        self.edges = edges
        self.terminalStart = terminals.starts
        self.terminalEntries = terminals.items
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

    /// The word ids of a text's tokens, -1 for tokens that are no word of any name.
    func wordIDs(_ text: UnsafeBufferPointer<UInt8>) -> [Int32] {
        var ids: [Int32] = []
        ids.reserveCapacity(text.count / 6)
        wordBytes.withUnsafeBufferPointer { wordBytes in
            wordStart.withUnsafeBufferPointer { wordStart in
                tokenizer.forEachToken(in: text) { token, hash in
                    var id = words.value(hash)
                    if id >= 0 {
                        let start = Int(wordStart[Int(id)]), end = Int(wordStart[Int(id) + 1])
                        if end - start != token.count || memcmp(token.baseAddress!, wordBytes.baseAddress! + start, token.count) != 0 { id = -1 }
                    }
                    ids.append(id)
                }
            }
        }
        return ids
    }

    /// Calls `body` for each name in the text, leftmost-longest, with the tokens it covers, the
    /// trie node it ends at, and whether a legal form follows.
    @inline(__always)
    func forEachMatch(in text: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>, Int, Bool) -> Void) {
        let ids = wordIDs(text)
        let count = ids.count
        var i = 0
        while i < count {
            if ids[i] < 0 { i += 1; continue }
            var node: Int32 = 0
            var best = -1, bestNode: Int32 = 0
            var j = i
            while j < count, ids[j] >= 0 {
                let next = edges.value(UInt64(UInt32(node)) << 32 | UInt64(UInt32(ids[j])))
                if next < 0 { break }
                node = next
                j += 1
                if terminalStart[Int(node)] != terminalStart[Int(node) + 1] { best = j; bestNode = node }
            }
            if best > 0 {
                let legal = best < count && ids[best] >= 0 && (legalForms[ids[best]]?.contains { form in
                    best + form.count <= count && form.indices.allSatisfy { ids[best + $0] == form[$0] }
                } ?? false)
                body(i..<best, Int(bestNode), legal)
                i = best
            } else {
                i += 1
            }
        }
    }

    /// The names in a text, leftmost-longest, in order.
    public func matches(in text: String) -> [NameMatch] {
        var text = text
        var found: [NameMatch] = []
        text.withUTF8 { buffer in
            forEachMatch(in: buffer) { tokens, node, legal in
                let entries = (Int(terminalStart[node])..<Int(terminalStart[node + 1])).map { Int(terminalEntries[$0]) }
                found.append(NameMatch(entries: entries, tokens: tokens, withLegalForm: legal))
            }
        }
        return found
    }

    /// How many names a text holds: for benchmarks, without building match values.
    public func countMatches(in text: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        forEachMatch(in: text) { _, _, _ in count += 1 }
        return count
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
