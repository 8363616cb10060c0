import ArchivistCore
import ArchivistModel

extension Commands {
    static let log = Command(
        name: "log",
        abstract: "Show the audit log: who archived, attached, changed roles or purged what, and when.",
        options: [
            .init(name: "message", valueName: "message", help: "Only entries about this message (a queue id or a Message-ID)."),
            .init(name: "record", valueName: "type:id", help: "Only entries about this record."),
            .init(name: "limit", valueName: "n", help: "Show at most this many entries."),
            .init(name: "json", help: "Print a JSON list."),
        ]
    ) { invocation in
        let record = try invocation.value("record").map { try invocation.record($0) }
        let entries = try invocation.service().auditLog(message: invocation.value("message"), record: record, limit: invocation.integer("limit"))
        if invocation.flag("json") {
            try Output.json(entries)
        } else if entries.isEmpty {
            Output.print("The log has no entries.")
        } else {
            Output.table(["WHEN", "WHO", "ACTION", "MESSAGE", "RECORD", "DETAIL"], entries.map {
                [$0.at.shortDisplay, $0.actor + ($0.via.map { " (\($0))" } ?? ""), $0.action.rawValue,
                 $0.message.map(String.init) ?? "", $0.record?.description ?? "", $0.detail ?? ""]
            })
        }
    }
}
