import Foundation

/// The one normalisation of text for comparing and searching: Unicode case folding, diacritics
/// removed, and the Latin letters that Unicode does not decompose mapped by hand (Łomianki =
/// Lomianki, Straße = Strasse, Ørsted = Orsted).
public enum TextFolding {
    private static let letters: [Unicode.Scalar: String] = [
        "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ß": "ss", "ẞ": "ss",
        "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "Þ": "th", "ı": "i", "ħ": "h", "Ħ": "h", "ŀ": "l", "Ŀ": "l",
    ]

    /// `text` folded: lower case, without diacritics.
    public static func fold(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
        var out = String.UnicodeScalarView()
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            if let replacement = letters[scalar] {
                out.append(contentsOf: replacement.unicodeScalars)
            } else {
                out.append(contentsOf: String(scalar).lowercased().unicodeScalars)
            }
        }
        return String(out)
    }
}
