import Foundation

/// The one normalisation of text for comparing and searching: Unicode case folding, diacritics
/// removed, and the Latin letters that Unicode does not decompose mapped by hand (Łomianki =
/// Lomianki, Straße = Strasse, Ørsted = Orsted).
///
/// It runs over every message's text, so the common cases are table lookups: ASCII is lowered in
/// place and the Latin letters up to U+024F come from a table built once; only other scripts take
/// the general path.
public enum TextFolding {
    private static let letters: [Unicode.Scalar: String] = [
        "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ß": "ss", "ẞ": "ss",
        "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "Þ": "th", "ı": "i", "ħ": "h", "Ħ": "h", "ŀ": "l", "Ŀ": "l",
    ]

    /// The end of the table's range: Latin-1 Supplement and Latin Extended-A and -B.
    private static let tableEnd: UInt32 = 0x250

    /// UTF-8 of the folded form of each scalar below ``tableEnd``.
    private static let table: [[UInt8]] = (0..<tableEnd).map { value in
        guard let scalar = Unicode.Scalar(value) else { return [] }
        return Array(slowFold(scalar).utf8)
    }

    /// `text` folded: lower case, without diacritics.
    public static func fold(_ text: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                let byte = UInt8(value)
                out.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
            } else if value < tableEnd {
                out += table[Int(value)]
            } else if (0x300...0x36F).contains(value) {
                continue  // a combining diacritic
            } else {
                out += Array(slowFold(scalar).utf8)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The general path for one scalar: decomposed, marks dropped, lower-cased, hand-mapped.
    private static func slowFold(_ scalar: Unicode.Scalar) -> String {
        if let replacement = letters[scalar] { return replacement }
        var out = ""
        for part in String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars {
            if part.properties.generalCategory == .nonspacingMark { continue }
            out += letters[part] ?? String(part).lowercased()
        }
        return out
    }
}
