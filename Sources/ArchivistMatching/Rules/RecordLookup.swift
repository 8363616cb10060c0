import ArchivistModel

/// Records by what rules name them with: reference, code, name or alias, tax id; all folded, so
/// `LOM-2024-07`, `lom-2024-07` and `Łomianki` find what people mean.
public struct RecordLookup: Sendable {
    private let refs: Set<RecordRef>
    private let byCode: [String: [RecordRef]]
    private let byName: [String: [RecordRef]]
    private let byTaxID: [String: [RecordRef]]

    public init(records: [Record]) {
        var byCode: [String: [RecordRef]] = [:], byName: [String: [RecordRef]] = [:], byTaxID: [String: [RecordRef]] = [:]
        for record in records {
            if let code = record.code { byCode[Self.key(code), default: []].append(record.ref) }
            for name in [record.name] + record.aliases { byName[Self.key(name), default: []].append(record.ref) }
            if let tax = record.taxID { byTaxID[Self.taxKey(tax), default: []].append(record.ref) }
        }
        refs = Set(records.map(\.ref))
        self.byCode = byCode
        self.byName = byName
        self.byTaxID = byTaxID
    }

    func exists(_ ref: RecordRef) -> Bool { refs.contains(ref) }

    /// The records of a type whose code, name (or alias), tax id, or any of them, is `value`.
    func lookup(type: RecordType, key: RuleTarget.LookupKey, value: String) -> [RecordRef] {
        var found: [RecordRef] = []
        if key == .code || key == .any { found += byCode[Self.key(value)] ?? [] }
        if key == .name || key == .any { found += byName[Self.key(value)] ?? [] }
        if key == .taxid || key == .any { found += byTaxID[Self.taxKey(value)] ?? [] }
        var seen: Set<RecordRef> = []
        return found.filter { $0.type == type && seen.insert($0).inserted }
    }

    private static func key(_ text: String) -> String {
        TextFolding.fold(text).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: " ")
    }

    /// Tax ids compare by their letters and digits: `PL 796-287-45-19` = `PL7962874519`.
    private static func taxKey(_ text: String) -> String {
        String(text.uppercased().filter { $0.isLetter || $0.isNumber })
    }
}
