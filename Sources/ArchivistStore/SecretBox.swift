import Foundation
internal import CSodium

/// Secrets at rest (passwords, client secrets, refresh tokens), sealed with libsodium's secretbox
/// under a key kept in a file of mode 0600 beside the database.
///
/// Not `Sendable`: it holds the key for one connection's use.
public final class SecretBox {
    private let key: [UInt8]
    public let keyFile: String

    /// Reads the key, creating the file (mode 0600, 32 random bytes) when it is missing.
    ///
    /// - Throws: ``StoreError/cannotOpen(path:reason:)`` naming the key file.
    public init(keyFile: String) throws(StoreError) {
        precondition(sodium_init() >= 0, "libsodium could not be initialised")
        self.keyFile = keyFile
        let size = Int(crypto_secretbox_keybytes())
        if let data = FileManager.default.contents(atPath: keyFile) {
            guard data.count == size else { throw .cannotOpen(path: keyFile, reason: "the key file does not hold a key (\(size) bytes)") }
            key = [UInt8](data)
            return
        }
        var fresh = [UInt8](repeating: 0, count: size)
        crypto_secretbox_keygen(&fresh)
        let fd = Glibc.open(keyFile, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .cannotOpen(path: keyFile, reason: String(cString: strerror(errno))) }
        let written = fresh.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == size else { throw .cannotOpen(path: keyFile, reason: "the key could not be written") }
        key = fresh
    }

    /// A random nonce followed by the sealed bytes.
    public func seal(_ secret: String) -> [UInt8] {
        let plain = Array(secret.utf8)
        var nonce = [UInt8](repeating: 0, count: Int(crypto_secretbox_noncebytes()))
        randombytes_buf(&nonce, nonce.count)
        var sealed = [UInt8](repeating: 0, count: plain.count + Int(crypto_secretbox_macbytes()))
        _ = crypto_secretbox_easy(&sealed, plain, UInt64(plain.count), nonce, key)
        return nonce + sealed
    }

    /// The secret, or nil when the bytes were not sealed with this key.
    public func open(_ bytes: [UInt8]) -> String? {
        let nonceSize = Int(crypto_secretbox_noncebytes()), macSize = Int(crypto_secretbox_macbytes())
        guard bytes.count >= nonceSize + macSize else { return nil }
        let nonce = Array(bytes[..<nonceSize]), sealed = Array(bytes[nonceSize...])
        var plain = [UInt8](repeating: 0, count: sealed.count - macSize)
        guard crypto_secretbox_open_easy(&plain, sealed, UInt64(sealed.count), nonce, key) == 0 else { return nil }
        return String(decoding: plain, as: UTF8.self)
    }
}
