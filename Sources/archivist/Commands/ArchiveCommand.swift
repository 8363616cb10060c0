import Foundation
import ArchivistCore
import ArchivistModel
import ArchivistStore

extension Commands {
    static let archive = Command(
        name: "archive",
        abstract: "Archive a message from the queue to one or more records.",
        discussion: """
            Archiving never copies the message: it is stored once and linked to each record. A roles \
            restriction is taken at a message's first archiving only; change it later with \
            'archivist archives edit'.
            """,
        arguments: [.init(name: "message", help: "A queue id or a Message-ID.")],
        options: [
            .init(name: "to", valueName: "type:id", help: "A record to archive to, for example company:C0012. Repeat for more.", isRepeating: true),
            .init(name: "roles", valueName: "a,b", help: "Only users with one of these roles may read the message (at its first archiving)."),
            .init(name: "json", help: "Print the result as JSON."),
        ]
    ) { invocation in
        let result = try invocation.service().archiveMessage(invocation.arguments[0], to: try requiredRecords(invocation), roles: invocation.list("roles"))
        try printLinked(result, invocation, verb: "archived to")
    }

    static let attach = Command(
        name: "attach",
        abstract: "Attach an archived message to more records.",
        arguments: [.init(name: "message", help: "A queue id or a Message-ID.")],
        options: [
            .init(name: "to", valueName: "type:id", help: "A record to attach to. Repeat for more.", isRepeating: true),
            .init(name: "json", help: "Print the result as JSON."),
        ]
    ) { invocation in
        let result = try invocation.service().attachMessage(invocation.arguments[0], to: try requiredRecords(invocation))
        try printLinked(result, invocation, verb: "attached to")
    }

    static let archives = Command(
        name: "archives",
        abstract: "List archived mail and change who may read it.",
        subcommands: [archivesList, archivesEdit],
        usesDatabase: false
    )

    static let archivesList = Command(
        name: "list",
        abstract: "List archived messages you may read, newest first, with the records each is attached to.",
        options: [
            .init(name: "record", valueName: "type:id", help: "Only mail attached to this record."),
            .init(name: "limit", valueName: "n", help: "Show at most this many messages."),
            .init(name: "json", help: "Print a JSON list."),
        ]
    ) { invocation in
        let record = try invocation.value("record").map { try invocation.record($0) }
        let entries = try invocation.service().archivedMessages(record: record, limit: invocation.integer("limit"))
        try printArchived(entries, invocation)
    }

    static let archivesEdit = Command(
        name: "edit",
        abstract: "Change which roles may read an archived message.",
        discussion: "For administrators and the user who archived the message first.",
        arguments: [.init(name: "message", help: "A queue id or a Message-ID.")],
        options: [.init(name: "roles", valueName: "a,b", help: "The roles that may read the message; empty (--roles '') lets everyone who sees one of its records read it.")]
    ) { invocation in
        guard let roles = invocation.list("roles") else {
            throw UsageError(message: "give --roles a,b (or --roles '' to clear the restriction)", path: invocation.path)
        }
        let set = try invocation.service().setMessageRoles(invocation.arguments[0], roles: roles)
        let readers = set.isEmpty ? "everyone who sees one of its records" : "the roles " + set.joined(separator: ",")
        Output.print("Message \(invocation.arguments[0]) may now be read by \(readers).")
    }

    private static func requiredRecords(_ invocation: Invocation) throws -> [RecordRef] {
        let refs = try invocation.records("to")
        guard !refs.isEmpty else { throw UsageError(message: "name a record with --to TYPE:ID", path: invocation.path) }
        return refs
    }

    private static func printLinked(_ result: ArchiveResult, _ invocation: Invocation, verb: String) throws {
        if invocation.flag("json") {
            try Output.json(result)
            return
        }
        for note in result.notes { Output.error("archivist: note: \(note)") }
        let o = result.outcome
        var parts: [String] = []
        if !o.attached.isEmpty { parts.append("\(verb) \(o.attached.text)") }
        if !o.alreadyAttached.isEmpty { parts.append("already attached to \(o.alreadyAttached.text)") }
        let roles = o.roles.isEmpty ? "" : "; readable by roles \(o.roles.joined(separator: ","))"
        Output.print("Message \(invocation.arguments[0]) \(parts.joined(separator: ", "))\(roles).")
    }
}

/// Prints archived messages as a table or JSON.
func printArchived(_ entries: [ArchivedEntry], _ invocation: Invocation) throws {
    if invocation.flag("json") {
        try Output.json(entries)
    } else if entries.isEmpty {
        Output.print("No archived mail.")
    } else {
        Output.table(["ID", "DATE", "FROM", "RECORDS", "SUBJECT"], entries.map {
            [String($0.message.id), $0.message.dateText, $0.message.sender, $0.records.text, $0.message.subject ?? "(no subject)"]
        }, maxWidth: 28)
    }
}
