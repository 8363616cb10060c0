internal import CCrypto

/// SHA-256: the identity of a stored message.
///
/// Through OpenSSL's libcrypto, which libcurl loads anyway: it uses the CPU's SHA extensions, and
/// hashes about eight times as fast as libsodium's portable code, which took a quarter of the
/// time of an import.
public enum MessageDigest {
    /// The SHA-256 digest of `bytes` (32 bytes). Safe to call from any thread.
    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        bytes.withUnsafeBufferPointer { input in
            _ = SHA256(input.baseAddress ?? UnsafePointer(bitPattern: 1)!, input.count, &digest)
        }
        return digest
    }

    /// Lower-case hexadecimal, for showing a digest to people.
    public static func hex(_ digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(digest.count * 2)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
