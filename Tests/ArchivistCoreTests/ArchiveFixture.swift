import Foundation
import ArchivistModel
import ArchivistStore
import ArchivistTestSupport
@testable import ArchivistCore

/// A database with an administrator, the bundled fixture records and some mail, for tests that
/// archive, search and check access.
struct ArchiveFixture {
    let dir = TemporaryDirectory()
    var path: String { dir.file("archive.db") }

    /// Opens the archive as `user` (nil: nobody in particular, which works until users exist).
    func service(as user: String? = "boss") throws -> ArchiveService {
        try ArchiveService(databasePath: path, user: user)
    }

    /// Creates the administrator `boss`, imports the fixture records and `count` sample messages
    /// into the source `import`.
    init(messages count: Int = 5, records: Bool = true) throws {
        let setup = try ArchiveService(databasePath: dir.file("archive.db"), user: nil)
        _ = try setup.initialize(admin: "boss")
        let admin = try service()
        if records {
            _ = try admin.importRecords([packageRoot + "/fixtures/records"], type: nil)
        }
        if count > 0 {
            try makeMaildir(at: dir.file("Maildir"), count: count)
            _ = try admin.ingest(paths: [dir.file("Maildir")], source: "import")
        }
    }

    /// Writes a file in the fixture's directory and returns its path.
    func write(_ name: String, _ text: String) throws -> String {
        let path = dir.file(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
