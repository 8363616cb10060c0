import ArchivistCore

extension Commands {
    static let search = Command(
        name: "search",
        abstract: "Search the mail you may read: subject, names and addresses, text and attachment names.",
        discussion: "Every word must match; case and diacritics do not matter (lomianki finds Łomianki); word* matches words that start with it. Best matches first.",
        arguments: [.init(name: "query", help: "The words to look for.", isRepeating: true)],
        options: [
            .init(name: "record", valueName: "type:id", help: "Only mail attached to this record."),
            .init(name: "limit", valueName: "n", help: "Show at most this many messages (20 by default)."),
            .init(name: "json", help: "Print a JSON list."),
        ]
    ) { invocation in
        let record = try invocation.value("record").map { try invocation.record($0) }
        let hits = try invocation.service().search(invocation.arguments.joined(separator: " "), record: record, limit: invocation.integer("limit") ?? 20)
        if invocation.flag("json") {
            try Output.json(hits)
        } else if hits.isEmpty {
            Output.print("Nothing found.")
        } else {
            for hit in hits {
                Output.print("\(hit.message.id)  \(hit.message.dateText)  \(hit.message.sender)  \(hit.message.subject ?? "(no subject)")")
                if !hit.records.isEmpty { Output.print("    archived to \(hit.records.text)") }
                Output.print("    \(hit.snippet)")
            }
        }
    }
}
