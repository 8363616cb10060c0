import Foundation
import Testing
import ArchivistTestSupport

/// The built `archivist` executable, as a user runs it.
let archivist = packageRoot + "/.build/debug/archivist"

@Suite struct CommandLineTests {
    @Test func helpEverywhere() throws {
        for words in [["--help"], ["help"], ["ingest", "--help"], ["help", "queue", "list"], ["queue"], ["parse", "-h"]] {
            let result = try run(archivist, words)
            #expect(result.status == 0, "\(words)")
            #expect(result.stdout.contains("OVERVIEW:") && result.stdout.contains("USAGE:"), "\(words)")
        }
    }

    @Test func usageMistakesExit64WithTheUsageLine() throws {
        let unknown = try run(archivist, ["ingest", "--frobnicate", "x"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("unknown option '--frobnicate'"))
        #expect(unknown.stderr.contains("Usage: archivist ingest"))
        #expect(unknown.stderr.contains("See 'archivist help ingest'"))
        #expect(try run(archivist, ["parse"]).status == 64)
        #expect(try run(archivist, ["nonsense"]).status == 64)
        #expect(try run(archivist, ["queue", "list", "--limit", "many"]).status == 64)
    }

    @Test func parseNeedsNoDatabaseAndPrintsJSON() throws {
        let dir = TemporaryDirectory()
        try Data(sampleMessage(serial: 3)).write(to: URL(fileURLWithPath: dir.file("m.eml")))
        let result = try run(archivist, ["parse", "--json", dir.file("m.eml")], environment: ["ARCHIVIST_DB": dir.file("never.db")])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["subject"] as? String == "Dostawa cementu 3")
        #expect(object["message_id"] as? String == "3.sample@spostex.pl")
        #expect(!FileManager.default.fileExists(atPath: dir.file("never.db")))
    }

    @Test func missingFilesAreNamed() throws {
        let dir = TemporaryDirectory()
        let parse = try run(archivist, ["parse", dir.file("nope.eml")])
        #expect(parse.status == 66)
        #expect(parse.stderr.contains(dir.file("nope.eml")))
        let ingest = try run(archivist, ["ingest", dir.file("nope"), "--db", dir.file("a.db")])
        #expect(ingest.status == 66)
        #expect(ingest.stderr.contains(dir.file("nope")))
    }

    @Test func ingestReportsAndTheQueueListsAndShows() throws {
        let dir = TemporaryDirectory()
        try makeMaildir(at: dir.file("Maildir"), count: 5)
        let db = ["--db", dir.file("a.db")]
        let first = try run(archivist, ["ingest", dir.file("Maildir")] + db)
        #expect(first.status == 0)
        #expect(first.stdout.contains("5 messages: 5 new, 0 already stored, 0 with defects"))
        let second = try run(archivist, ["ingest", "--json", dir.file("Maildir")] + db)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any])
        #expect(report["new"] as? Int == 0)
        #expect(report["already_stored"] as? Int == 5)

        let list = try run(archivist, ["queue", "list"] + db)
        #expect(list.stdout.contains("Dostawa cementu 4"))
        let json = try run(archivist, ["queue", "list", "--json"] + db)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(entries.count == 5)
        let show = try run(archivist, ["show", "<2.sample@spostex.pl>"] + db)
        #expect(show.status == 0)
        #expect(show.stdout.contains("Subject: Dostawa cementu 2"))
        #expect(show.stdout.contains("Proszę o potwierdzenie. Numer 2."))
        let missing = try run(archivist, ["show", "12345"] + db)
        #expect(missing.status == 65)
        #expect(missing.stderr.contains("message 12345 not found"))
    }

    @Test func theDatabaseComesFromTheEnvironmentAndIsPrivate() throws {
        let dir = TemporaryDirectory()
        let result = try run(archivist, ["init"], environment: ["ARCHIVIST_DB": dir.file("env.db")])
        #expect(result.status == 0)
        #expect(result.stdout.contains(dir.file("env.db")))
        let mode = try FileManager.default.attributesOfItem(atPath: dir.file("env.db"))[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func actingUsersAndPermissionDeniedExit77() throws {
        let dir = TemporaryDirectory()
        let db = ["--db", dir.file("a.db")]
        #expect(try run(archivist, ["init", "--admin", "boss"] + db).status == 0)
        let anonymous = try run(archivist, ["queue", "list"] + db)
        #expect(anonymous.status == 77)
        #expect(anonymous.stderr.contains("no acting user: give --as NAME or set ARCHIVIST_USER"))
        #expect(try run(archivist, ["--as", "boss", "users", "add", "clerk", "--roles", "sales"] + db).status == 0)
        let denied = try run(archivist, ["records", "import", packageRoot + "/fixtures/records"] + db, environment: ["ARCHIVIST_USER": "clerk"])
        #expect(denied.status == 77)
        #expect(denied.stderr.contains("only an administrator may import records"))
        let imported = try run(archivist, ["records", "import", "--as", "boss", packageRoot + "/fixtures/records"] + db)
        #expect(imported.status == 0)
        #expect(imported.stdout.contains("companies.csv: 16 added, 0 updated, 0 unchanged company records"))
        let bad = try run(archivist, ["archive", "1", "--to", "firm:C1", "--as", "boss"] + db)
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("'firm:C1' is not a record"))
    }
}
