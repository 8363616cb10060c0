import Foundation
import ArchivistCore

extension Commands {
    static let queue = Command(
        name: "queue",
        abstract: "Look at and purge the queue of downloaded and imported mail.",
        subcommands: [queueList, queuePurge],
        usesDatabase: false
    )

    static let queueList = Command(
        name: "list",
        abstract: "List queued messages, newest arrival first, with where each is archived already.",
        discussion: "A message stays in the queue for queue-retention-days (30 by default) after it arrived, archived or not.",
        options: [
            .init(name: "limit", valueName: "n", help: "Show at most this many messages."),
            .init(name: "json", help: "Print a JSON list."),
        ]
    ) { invocation in
        let entries = try invocation.service().queue(limit: invocation.integer("limit"))
        if invocation.flag("json") {
            try Output.json(entries)
        } else if entries.isEmpty {
            Output.print("The queue is empty. Import mail with 'archivist ingest PATH'.")
        } else {
            Output.table(["ID", "DATE", "FROM", "ARCHIVED TO", "SUBJECT"], entries.map { entry in
                let defects = entry.message.defects.isEmpty ? "" : " [\(entry.message.defects.count) defect\(entry.message.defects.count == 1 ? "" : "s")]"
                return [String(entry.message.id), entry.message.dateText, entry.message.sender,
                        entry.archivedTo.isEmpty ? "-" : entry.archivedTo.text, (entry.message.subject ?? "(no subject)") + defects]
            }, maxWidth: 28)
        }
    }

    static let queuePurge = Command(
        name: "purge",
        abstract: "Remove queue arrivals older than the retention period, and mail nothing refers to any more.",
        discussion: "Archived mail is never purged. This also runs after every ingest.",
        options: [.init(name: "json", help: "Print what was removed as JSON.")]
    ) { invocation in
        let report = try invocation.service().purgeQueue()
        if invocation.flag("json") {
            try Output.json(report)
        } else {
            Output.print("\(report.arrivalsRemoved) queue arrivals removed, \(report.messagesDeleted) stored messages deleted.")
        }
    }
}
