internal import CSodium

/// SHA-256 through libsodium: the identity of a stored message.
public enum MessageDigest {
    private static let sodiumReady: Bool = sodium_init() >= 0

    /// The SHA-256 digest of `bytes` (32 bytes). Safe to call from any thread.
    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        precondition(sodiumReady, "libsodium could not be initialised")
        var digest = [UInt8](repeating: 0, count: Int(crypto_hash_sha256_BYTES))
        bytes.withUnsafeBufferPointer { input in
            _ = crypto_hash_sha256(&digest, input.baseAddress ?? UnsafePointer(bitPattern: 1)!, UInt64(input.count))
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
