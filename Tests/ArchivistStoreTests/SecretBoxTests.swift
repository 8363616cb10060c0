import Foundation
import Testing
import ArchivistTestSupport
@testable import ArchivistStore

@Suite struct SecretBoxTests {
    @Test func secretsAreSealedUnderAPrivateKeyFile() throws {
        let dir = TemporaryDirectory()
        let box = try SecretBox(keyFile: dir.file("archivist.key"))
        let mode = try FileManager.default.attributesOfItem(atPath: dir.file("archivist.key"))[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let sealed = box.seal("hunter2-hasło")
        #expect(!String(decoding: sealed, as: UTF8.self).contains("hunter2"))
        #expect(box.seal("hunter2-hasło") != sealed, "a fresh nonce each time")
        #expect(try SecretBox(keyFile: dir.file("archivist.key")).open(sealed) == "hunter2-hasło", "the key file is read back")
        #expect(try SecretBox(keyFile: dir.file("other.key")).open(sealed) == nil, "another key opens nothing")
    }

    @Test func aBrokenKeyFileIsNamed() throws {
        let dir = TemporaryDirectory()
        try Data("short".utf8).write(to: URL(fileURLWithPath: dir.file("bad.key")))
        #expect {
            _ = try SecretBox(keyFile: dir.file("bad.key"))
        } throws: { error in
            "\(error)".contains(dir.file("bad.key"))
        }
    }
}
