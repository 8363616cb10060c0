import ArchivistModel

/// Cuts UTF-8 text into folded tokens in one pass over its bytes: ASCII letters and digits are
/// lowered through a table, Latin letters up to U+024F folded through a table built from
/// ``TextFolding``, combining diacritics dropped, anything else folded by ``TextFolding``. Runs of
/// any other characters separate tokens. Names and texts go through the same code, so they always
/// agree on what a token is.
struct Tokenizer: Sendable {
    /// For each ASCII byte, its folded value, or 0 for a separator.
    private let ascii: [UInt8]
    /// Folded UTF-8 of U+0080..<U+0250: `latinBytes[latinStart[i]..<latinStart[i + 1]]`.
    private let latinBytes: [UInt8]
    private let latinStart: [Int32]
    static let latinEnd: UInt32 = 0x250
    /// The longest token kept whole; longer runs still separate tokens but never match a name.
    static let maximumTokenLength = 64

    init() {
        var ascii = [UInt8](repeating: 0, count: 128)
        for b in UInt8(ascii: "0")...UInt8(ascii: "9") { ascii[Int(b)] = b }
        for b in UInt8(ascii: "a")...UInt8(ascii: "z") { ascii[Int(b)] = b }
        for b in UInt8(ascii: "A")...UInt8(ascii: "Z") { ascii[Int(b)] = b + 32 }
        var bytes: [UInt8] = []
        var start: [Int32] = []
        for value in 0..<Self.latinEnd {
            start.append(Int32(bytes.count))
            guard value >= 0x80, let scalar = Unicode.Scalar(value) else { continue }
            // Only letters and digits are token characters; folded punctuation stays a separator.
            let folded = TextFolding.fold(String(scalar))
            if folded.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0.properties.numericType != nil }) {
                bytes += Array(folded.utf8)
            }
        }
        start.append(Int32(bytes.count))
        self.ascii = ascii
        latinBytes = bytes
        latinStart = start
    }

    /// Calls `token` with the folded bytes of each token (valid only during the call) and the
    /// FNV-1a hash of them.
    ///
    /// The hot loop of matching: one table lookup per ASCII byte, all state in locals.
    @inline(__always)
    func forEachToken(in text: UnsafeBufferPointer<UInt8>, _ token: (UnsafeBufferPointer<UInt8>, UInt64) -> Void) {
        let limit = Self.maximumTokenLength
        let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: limit + 8)
        defer { scratch.deallocate() }
        ascii.withUnsafeBufferPointer { asciiBuffer in
        latinBytes.withUnsafeBufferPointer { latinBuffer in
        latinStart.withUnsafeBufferPointer { startBuffer in
            let ascii = asciiBuffer.baseAddress!, latin = latinBuffer.baseAddress!, latinStart = startBuffer.baseAddress!
            guard let bytes = text.baseAddress else { return }
            let count = text.count
            var length = 0
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            var i = 0
            while i < count {
                let byte = bytes[i]
                if byte < 0x80 {
                    let folded = ascii[Int(byte)]
                    if folded != 0 {
                        if length < limit { scratch[length] = folded }
                        length &+= 1
                        hash = (hash ^ UInt64(folded)) &* 0x100_0000_01b3
                    } else if length > 0 {
                        if length <= limit { token(UnsafeBufferPointer(start: scratch, count: length), hash) }
                        length = 0
                        hash = 0xcbf2_9ce4_8422_2325
                    }
                    i &+= 1
                    continue
                }
                // One scalar of UTF-8; invalid bytes separate tokens.
                var value: UInt32
                var width: Int
                if byte & 0xE0 == 0xC0 { value = UInt32(byte & 0x1F); width = 2 }
                else if byte & 0xF0 == 0xE0 { value = UInt32(byte & 0x0F); width = 3 }
                else if byte & 0xF8 == 0xF0 { value = UInt32(byte & 0x07); width = 4 }
                else { value = 0x20; width = 1 }
                if i + width > count { value = 0x20; width = count - i }
                var k = 1
                while k < width {
                    value = value << 6 | UInt32(bytes[i + k] & 0x3F)
                    k += 1
                }
                i &+= width
                var appended: [UInt8]? = nil
                var isLetter = false
                if value < Self.latinEnd {
                    let from = Int(latinStart[Int(value)]), to = Int(latinStart[Int(value) + 1])
                    if from < to {
                        isLetter = true
                        for k in from..<to {
                            let folded = latin[k]
                            if length < limit { scratch[length] = folded }
                            length &+= 1
                            hash = (hash ^ UInt64(folded)) &* 0x100_0000_01b3
                        }
                    }
                } else if (0x300...0x36F).contains(value) {
                    continue  // a combining diacritic
                } else if (0x2000...0x206F).contains(value) || (0x3000...0x303F).contains(value) {
                    // General and CJK punctuation (dashes, quotes, spaces): separators, no lookup.
                } else if let scalar = Unicode.Scalar(value), scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                    isLetter = true
                    appended = Array(TextFolding.fold(String(scalar)).utf8)
                }
                if let appended {
                    for folded in appended {
                        if length < limit { scratch[length] = folded }
                        length &+= 1
                        hash = (hash ^ UInt64(folded)) &* 0x100_0000_01b3
                    }
                }
                if !isLetter && length > 0 {
                    if length <= limit { token(UnsafeBufferPointer(start: scratch, count: length), hash) }
                    length = 0
                    hash = 0xcbf2_9ce4_8422_2325
                }
            }
            if length > 0 && length <= limit { token(UnsafeBufferPointer(start: scratch, count: length), hash) }
        }
        }
        }
    }

    /// The folded tokens of a string.
    func words(_ text: String) -> [[UInt8]] {
        var words: [[UInt8]] = []
        var text = text
        text.withUTF8 { buffer in
            forEachToken(in: buffer) { token, _ in words.append(Array(token)) }
        }
        return words
    }

    static func hash(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}

/// An open-addressing hash table from 64-bit keys to 32-bit values: the index's two lookups per
/// token (which word is this, which trie node follows) without Swift's hashing overhead.
struct IntTable: Sendable {
    private var keys: [UInt64]
    private var values: [Int32]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        values = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// Keys are stored plus one, so 0 marks an empty slot.
    @inline(__always)
    private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    @inline(__always)
    func value(_ key: UInt64) -> Int32 {
        let stored = key &+ 1
        var i = Self.slot(key, mask)
        while true {
            let k = keys[i]
            if k == stored { return values[i] }
            if k == 0 { return -1 }
            i = (i + 1) & mask
        }
    }

    mutating func set(_ key: UInt64, _ value: Int32) {
        if (count + 1) * 2 > keys.count { grow() }
        let stored = key &+ 1
        var i = Self.slot(key, mask)
        while keys[i] != 0 && keys[i] != stored { i = (i + 1) & mask }
        if keys[i] == 0 { count += 1 }
        keys[i] = stored
        values[i] = value
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        values = [Int32](repeating: -1, count: oldKeys.count * 2)
        mask = keys.count - 1
        count = 0
        for (k, v) in zip(oldKeys, oldValues) where k != 0 { set(k &- 1, v) }
    }
}
