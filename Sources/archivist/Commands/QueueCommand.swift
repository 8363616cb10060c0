import Foundation
import ArchivistCore

extension Commands {
    static let queue = Command(
        name: "queue",
        abstract: "Look at the queue of downloaded and imported mail.",
        subcommands: [queueList],
        usesDatabase: false
    )

    static let queueList = Command(
        name: "list",
        abstract: "List queued messages, newest arrival first.",
        options: [
            .init(name: "limit", valueName: "n", help: "Show at most this many messages."),
            .init(name: "json", help: "Print a JSON list."),
        ]
    ) { invocation in
        let service = try ArchiveService(databasePath: invocation.databasePath)
        let entries = try service.queue(limit: invocation.integer("limit"))
        if invocation.flag("json") {
            try Output.json(entries)
            return
        }
        if entries.isEmpty {
            Output.print("The queue is empty. Import mail with 'archivist ingest PATH'.")
            return
        }
        Output.print("\("ID".fitted(6)) \("DATE".fitted(16)) \("FROM".fitted(28)) SUBJECT")
        for entry in entries {
            let from = entry.from.first.map { $0.name ?? $0.address } ?? ""
            let flags = entry.defects.isEmpty ? "" : " [\(entry.defects.count) defect\(entry.defects.count == 1 ? "" : "s")]"
            Output.print("\(String(entry.id).fitted(6)) \((entry.date?.shortDisplay ?? "").fitted(16)) \(from.fitted(28)) \(entry.subject ?? "(no subject)")\(flags)")
        }
    }
}
