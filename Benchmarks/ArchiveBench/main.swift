// The archive benchmark: search and archive-listing latency over a large archive.
//
//   archivist-bench-archive MAILDIR DATABASE
//
// Ingests MAILDIR into a fresh DATABASE (unless it already holds the messages), imports generated
// records, archives every message to one to three records (seeded, so runs compare), then times
// typical queries through the same library calls the command line makes, as an administrator and
// as a user with roles (whose queries carry the access check). Prints figures; asserts nothing.
import Foundation
import ArchivistCore
import ArchivistModel
import ArchivistStore

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: archivist-bench-archive MAILDIR DATABASE\n".utf8))
    exit(64)
}
let maildir = arguments[1], databasePath = arguments[2]

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// SplitMix64, so every run archives the same way.
struct Random {
    var state: UInt64 = 42
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}

do {
    let fresh = !FileManager.default.fileExists(atPath: databasePath)
    let admin = try ArchiveService(databasePath: databasePath, user: fresh ? nil : "boss")
    if fresh {
        _ = try admin.initialize(admin: "boss")
        let boss = try ArchiveService(databasePath: databasePath, user: "boss")
        _ = try boss.addUser("clerk", roles: ["sales"], isAdmin: false)

        let folder = NSTemporaryDirectory() + "archivist-bench-records-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var companies = "id,name,aliases,domains,tax_id,roles\n"
        for i in 0..<2_000 { companies += "C\(i),Firma Budowlana \(i) Sp. z o.o.,,firma\(i).pl,,\(i % 4 == 0 ? "board" : i % 2 == 0 ? "sales" : "")\n" }
        var projects = "id,name,code,aliases,company_id\n"
        for i in 0..<500 { projects += "J\(i),Osiedle \(i),PRJ-\(i),,C\(i % 2_000)\n" }
        try companies.write(toFile: folder + "/companies.csv", atomically: true, encoding: .utf8)
        try projects.write(toFile: folder + "/projects.csv", atomically: true, encoding: .utf8)
        _ = try boss.importRecords([folder], type: nil)

        var report = IngestReport()
        let ingest = try seconds { report = try boss.ingest(paths: [maildir], source: "import") }
        print(String(format: "ingest: %d messages in %.1f s", report.messages, ingest))

        var random = Random()
        let ids = try boss.database.query("SELECT id FROM message ORDER BY id") { $0.int64(0) }
        let archiving = try seconds {
            for id in ids {
                var targets = [RecordRef(type: .company, id: "C\(random.next(2_000))")]
                if random.next(2) == 0 { targets.append(RecordRef(type: .project, id: "J\(random.next(500))")) }
                if random.next(4) == 0 { targets.append(RecordRef(type: .company, id: "C\(random.next(2_000))")) }
                _ = try boss.archiveMessage(String(id), to: targets, roles: random.next(10) == 0 ? ["board"] : nil)
            }
        }
        print(String(format: "archiving: %d messages in %.1f s (%.0f messages/s, one transaction each)", ids.count, archiving, Double(ids.count) / archiving))
    }

    let boss = try ArchiveService(databasePath: databasePath, user: "boss")
    let clerk = try ArchiveService(databasePath: databasePath, user: "clerk")
    let archived = try boss.database.queryFirst("SELECT COUNT(*) FROM archived") { $0.int(0) } ?? 0
    let busiest = try boss.database.queryFirst("""
        SELECT r.crm_id FROM link l JOIN record r ON r.id = l.record WHERE r.type = 'company' AND r.restricted = 0
        GROUP BY r.id ORDER BY COUNT(*) DESC LIMIT 1
        """) { $0.string(0) } ?? "C1"
    let record = RecordRef(type: .company, id: busiest)
    let perRecord = try boss.archivedMessages(record: record, limit: nil).count
    print("archive: \(archived) archived messages; busiest open record \(record) has \(perRecord)")

    let queries: [(String, (ArchiveService) throws -> Int)] = [
        ("search 'faktura' (common word), top 20", { try $0.search("faktura").count }),
        ("search 'inspektor budowy' (two words), top 20", { try $0.search("inspektor budowy").count }),
        ("search 'hormigón' (Spanish, as typed), top 20", { try $0.search("hormigón").count }),
        ("search a person 'jaroslaw sek', top 20", { try $0.search("jaroslaw sek").count }),
        ("search an invoice number 'FV/1789/2023'", { try $0.search("FV/1789/2023").count }),
        ("search 'faktura' within \(record)", { try $0.search("faktura", record: record).count }),
        ("archives list, newest 50", { try $0.archivedMessages(record: nil, limit: 50).count }),
        ("records emails \(record), newest 50", { try $0.archivedMessages(record: record, limit: 50).count }),
        ("queue list, newest 50", { try $0.queue(limit: 50).count }),
    ]
    print("")
    print("latency in ms, median / p95 of 21 runs (library calls, warm cache)")
    print("query".padding(toLength: 52, withPad: " ", startingAt: 0) + "administrator      user 'clerk' (access check)")
    for (name, query) in queries {
        var cells: [String] = []
        for service in [boss, clerk] {
            var times: [Double] = []
            var rows = 0
            for _ in 0..<21 { times.append(try seconds { rows = try query(service) } * 1000) }
            times.sort()
            cells.append(String(format: "%6.1f / %6.1f (%d)", times[10], times[19], rows))
        }
        print(name.padding(toLength: 52, withPad: " ", startingAt: 0) + cells.joined(separator: "   "))
    }
} catch {
    FileHandle.standardError.write(Data("archivist-bench-archive: \(error)\n".utf8))
    exit(1)
}
