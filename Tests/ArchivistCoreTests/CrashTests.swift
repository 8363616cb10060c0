import Foundation
import Testing
import ArchivistStore
import ArchivistTestSupport

@Suite struct CrashTests {
    /// A kill -9 in the middle of ingesting 5,000 messages, then a rerun: every message stored
    /// exactly once, every arrival recorded exactly once.
    @Test func killDuringIngestThenRerunLosesNothingAndDuplicatesNothing() throws {
        let dir = TemporaryDirectory()
        let count = 5_000
        try makeMaildir(at: dir.file("Maildir"), count: count)
        let dbPath = dir.file("crash.db")
        _ = try Database(path: dbPath)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: archivist)
        process.arguments = ["ingest", "--db", dbPath, dir.file("Maildir")]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()

        let observer = try Database(path: dbPath)
        var stored = 0
        let deadline = Date().addingTimeInterval(60)
        while stored == 0 && process.isRunning && Date() < deadline {
            usleep(2_000)
            stored = (try? observer.queryFirst("SELECT COUNT(*) FROM message") { $0.int(0) }) ?? 0
        }
        let wasRunning = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(wasRunning, "the kill landed after the first batch and before the end")
        let afterKill = try observer.queryFirst("SELECT COUNT(*) FROM message") { $0.int(0) } ?? 0
        #expect(afterKill < count)

        let rerun = try run(archivist, ["ingest", "--json", "--db", dbPath, dir.file("Maildir")])
        #expect(rerun.status == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(rerun.stdout.utf8)) as? [String: Any])
        #expect(report["new"] as? Int == count - afterKill)

        #expect(try observer.queryFirst("SELECT COUNT(*), COUNT(DISTINCT message_id) FROM message") { [$0.int(0), $0.int(1)] } == [count, count])
        #expect(try observer.queryFirst("SELECT COUNT(*), COUNT(DISTINCT message) FROM arrival") { [$0.int(0), $0.int(1)] } == [count, count])
        #expect(try observer.queryFirst("PRAGMA integrity_check") { $0.string(0) } == "ok")
    }
}
