import Foundation
internal import CGMime

/// Turns the bytes of a text part into a String the way mail in the wild needs it.
///
/// Labels lie and are often missing, so the rules are: a missing, `us-ascii` or unknown label means
/// UTF-8 when the bytes are valid UTF-8 and windows-1252 otherwise; an ISO-8859 label on bytes in
/// 0x80-0x9F (which ISO-8859 reserves for control codes) means the matching windows code page;
/// bytes that are invalid in the chosen charset become U+FFFD.
enum CharsetDecoder {
    /// The decoded text and, when the label could not be honoured, a sentence saying why.
    struct Result {
        var text: String
        var defect: String?
    }

    static func decode(_ bytes: UnsafeRawBufferPointer, charset label: String?) -> Result {
        if bytes.allSatisfy({ $0 < 0x80 }) {
            return Result(text: String(decoding: bytes, as: UTF8.self))
        }
        let declared = label?.trimmingCharacters(in: CharacterSet(charactersIn: " \t\"'")).lowercased() ?? ""
        if declared.isEmpty || declared == "us-ascii" || declared == "ascii" {
            return guessed(bytes, defect: nil)
        }
        var name = canonicalName(declared)
        if name == "utf-8" || name == "utf8" {
            let valid = String(validating: bytes, as: UTF8.self)
            return Result(
                text: valid ?? String(decoding: bytes, as: UTF8.self),
                defect: valid == nil ? "text labelled utf-8 holds invalid UTF-8 bytes" : nil)
        }
        if name.hasPrefix("iso-8859-"), bytes.contains(where: { (0x80...0x9F).contains($0) }),
           let windows = windowsEquivalent(of: name) {
            name = windows
        }
        if let text = convert(bytes, from: name) {
            return Result(text: text)
        }
        return guessed(bytes, defect: "unknown charset \"\(declared.prefix(40))\"")
    }

    /// Decodes a byte string: UTF-8 when it is valid UTF-8, else windows-1252.
    static func guessed(_ bytes: UnsafeRawBufferPointer, defect: String?) -> Result {
        if let text = String(validating: bytes, as: UTF8.self) {
            return Result(text: text, defect: defect)
        }
        return Result(text: convert(bytes, from: "windows-1252") ?? String(decoding: bytes, as: UTF8.self), defect: defect)
    }

    static func decode(_ bytes: [UInt8], charset: String?) -> Result {
        bytes.withUnsafeBytes { decode($0, charset: charset) }
    }

    private static func canonicalName(_ label: String) -> String {
        MIMERuntime.ready()
        guard let name = g_mime_charset_iconv_name(label) else { return label }
        return String(cString: name).lowercased()
    }

    private static func windowsEquivalent(of isoName: String) -> String? {
        guard let windows = g_mime_charset_iso_to_windows(isoName) else { return nil }
        let name = String(cString: windows).lowercased()
        guard name != isoName else { return nil }
        // GMime answers "windows-cp1250", a name iconv does not know; its own mapping turns it into
        // one that iconv does ("CP1250").
        return canonicalName(name.replacingOccurrences(of: "windows-cp", with: "windows-"))
    }

    /// Converts with iconv, replacing each invalid byte with U+FFFD; nil when iconv does not know the
    /// charset.
    private static func convert(_ bytes: UnsafeRawBufferPointer, from charset: String) -> String? {
        let cd = iconv_open("UTF-8", charset)
        guard let cd, cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }

        var output = [UInt8]()
        output.reserveCapacity(bytes.count + bytes.count / 2)
        var chunk = [UInt8](repeating: 0, count: 16384)
        guard let base = bytes.baseAddress else { return "" }
        var input = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: CChar.self))
        var inLeft = bytes.count
        while inLeft > 0 {
            let (result, produced, errorCode) = chunk.withUnsafeMutableBytes { out -> (Int, Int, Int32) in
                var outPointer: UnsafeMutablePointer<CChar>? = out.baseAddress!.assumingMemoryBound(to: CChar.self)
                var outLeft = out.count
                var inPointer: UnsafeMutablePointer<CChar>? = input
                let r = iconv(cd, &inPointer, &inLeft, &outPointer, &outLeft)
                let code = errno
                input = inPointer!
                return (r, out.count - outLeft, code)
            }
            output.append(contentsOf: chunk[0..<produced])
            if result == -1 {
                switch errorCode {
                case E2BIG:
                    continue
                case EILSEQ, EINVAL:
                    // An invalid or truncated sequence: replace one byte and go on.
                    output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                    input += 1
                    inLeft -= 1
                default:
                    return String(decoding: output, as: UTF8.self)
                }
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}

