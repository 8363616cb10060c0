/// IMAP's modified UTF-7 for mailbox names (RFC 3501 section 5.1.3): printable ASCII stands for
/// itself except `&`, which is `&-`; other text is UTF-16, base64 with `,` for `/`, between `&`
/// and `-`. "Projects/&AUE-omianki" is "Projects/Łomianki".
public enum ModifiedUTF7 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,".utf8)

    /// The name as IMAP writes it.
    public static func encode(_ name: String) -> String {
        var out = ""
        var pending: [UInt16] = []
        func flush() {
            guard !pending.isEmpty else { return }
            var bytes: [UInt8] = []
            for unit in pending { bytes += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
            var encoded = "&"
            var i = 0
            while i < bytes.count {
                let chunk = Array(bytes[i..<min(i + 3, bytes.count)])
                let n = (UInt32(chunk[0]) << 16) | (UInt32(chunk.count > 1 ? chunk[1] : 0) << 8) | UInt32(chunk.count > 2 ? chunk[2] : 0)
                let symbols = chunk.count + 1
                for k in 0..<symbols { encoded.append(Character(UnicodeScalar(alphabet[Int((n >> (18 - 6 * UInt32(k))) & 0x3F)]))) }
                i += 3
            }
            out += encoded + "-"
            pending = []
        }
        for scalar in name.unicodeScalars {
            if scalar.value >= 0x20 && scalar.value <= 0x7E {
                flush()
                out += scalar == "&" ? "&-" : String(scalar)
            } else {
                pending += Array(String(scalar).utf16)
            }
        }
        flush()
        return out
    }

    /// The name a server sent, or nil when it is not valid modified UTF-7.
    public static func decode(_ text: String) -> String? {
        var out = ""
        var chars = Array(text.utf8)[...]
        while let c = chars.popFirst() {
            guard c == UInt8(ascii: "&") else {
                guard c >= 0x20 && c <= 0x7E else { return nil }
                out.append(Character(UnicodeScalar(c)))
                continue
            }
            var encoded: [UInt8] = []
            while let d = chars.popFirst(), d != UInt8(ascii: "-") { encoded.append(d) }
            if encoded.isEmpty {
                out += "&"
                continue
            }
            var bits: UInt32 = 0, count = 0
            var bytes: [UInt8] = []
            for symbol in encoded {
                guard let value = alphabet.firstIndex(of: symbol) else { return nil }
                bits = bits << 6 | UInt32(value)
                count += 6
                if count >= 8 {
                    count -= 8
                    bytes.append(UInt8((bits >> UInt32(count)) & 0xFF))
                }
            }
            guard bytes.count % 2 == 0 else { return nil }
            let units = stride(from: 0, to: bytes.count, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
            guard let decoded = String(validating: units, as: UTF16.self) else { return nil }
            out += decoded
        }
        return out
    }
}
