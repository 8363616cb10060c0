import ArchivistCore
import ArchivistMatching
import ArchivistModel

extension Commands {
    static let match = Command(
        name: "match",
        abstract: "Run the engine on queued messages not decided yet: archive the confident targets, queue the rest for review.",
        discussion: """
            Confident, unambiguous targets are archived by the user 'engine' (the log names the signal \
            or rule); proposals become review items; messages a 'never' rule names are ignored. A second \
            run changes nothing. It also runs after every ingest (unless --no-match).
            """,
        options: [
            .init(name: "dry-run", help: "Show what would be done, and do nothing."),
            .init(name: "json", help: "Print the report as JSON."),
        ]
    ) { invocation in
        let service = try invocation.service()
        let report = try service.match(dryRun: invocation.flag("dry-run"))
        Output.notices(service)
        try printMatchReport(report, invocation, dryRun: invocation.flag("dry-run"))
    }

    static func printMatchReport(_ report: MatchReport, _ invocation: Invocation, dryRun: Bool) throws {
        if invocation.flag("json") {
            try Output.json(report)
            return
        }
        let verb = dryRun ? "would be" : ""
        Output.print("\(report.messages) messages matched: \(report.autoArchived) \(verb.isEmpty ? "" : verb + " ")archived automatically (\(report.autoLinks) links), "
            + "\(report.forReview) \(dryRun ? "would wait" : "waiting") for review, \(report.ignored) ignored by rules, \(report.nothing) with no candidate.")
        for example in report.examples { Output.print("  auto: \(example)") }
        if report.forReview > 0 && !dryRun { Output.print("Review them with 'archivist review list' and 'archivist review accept ITEM'.") }
    }

    static let review = Command(
        name: "review",
        abstract: "Work through the messages whose candidates wait for a person.",
        discussion: """
            On a terminal, 'archivist review' shows one message at a time: Enter accepts the top \
            candidate (or those picked with 1-9), / searches another record, r rejects, s skips, u \
            undoes the last decision, q quits. Scripts use the subcommands.
            """,
        subcommands: [reviewList, reviewAccept, reviewReject, reviewSkip]
    ) { invocation in
        guard let terminal = RawTerminal() else {
            throw UsageError(message: "interactive review needs a terminal; use 'archivist review list', 'review accept ITEM', 'review reject ITEM' or 'review skip ITEM'", path: invocation.path)
        }
        try InteractiveReview(service: try invocation.service(), terminal: terminal).run()
    }

    static let reviewList = Command(
        name: "list",
        abstract: "List review items you may read: pending first, then skipped.",
        options: [.init(name: "json", help: "Print a JSON list; each item's id is what the other review commands take.")]
    ) { invocation in
        let items = try invocation.service().reviewItems()
        if invocation.flag("json") {
            try Output.json(items)
            return
        }
        if items.isEmpty { Output.print("Nothing waits for review.") }
        for item in items {
            Output.print("\(item.id)\(item.status == "skipped" ? " (skipped)" : "")  \(item.message.dateText)  \(item.message.sender)  \(item.message.subject ?? "(no subject)")")
            for (n, candidate) in item.candidates.enumerated() {
                let reason = candidate.evidence.first.map { "\($0.signal.rawValue) in \($0.field): \($0.text)" } ?? ""
                Output.print(String(format: "    %d. %.2f %@  %@ — %@", n + 1, candidate.score, candidate.target.description, candidate.name, reason))
            }
        }
    }

    static let reviewAccept = Command(
        name: "accept",
        abstract: "Archive an item's message to its top candidate, to the candidates picked, or to other records.",
        arguments: [.init(name: "item", help: "The review item's id.")],
        options: [
            .init(name: "pick", valueName: "n", help: "A candidate's number in the list (1 is the top one). Repeat for more.", isRepeating: true),
            .init(name: "to", valueName: "type:id", help: "Another record to archive to. Repeat for more.", isRepeating: true),
            .init(name: "roles", valueName: "a,b", help: "Only users with one of these roles may read the message."),
        ]
    ) { invocation in
        let picks = try invocation.values("pick").map { text -> Int in
            guard let n = Int(text), n > 0 else { throw UsageError(message: "--pick takes a candidate's number, not '\(text)'", path: invocation.path) }
            return n
        }
        let result = try invocation.service().acceptReview(try item(invocation), pick: picks, also: try invocation.records("to"), roles: invocation.list("roles"))
        for note in result.notes { Output.error("archivist: note: \(note)") }
        Output.print("Message \(result.message) archived to \((result.outcome.attached + result.outcome.alreadyAttached).text).")
    }

    static let reviewReject = Command(
        name: "reject",
        abstract: "Archive nothing; the message stays in the queue for archiving by hand.",
        arguments: [.init(name: "item", help: "The review item's id.")]
    ) { invocation in
        try invocation.service().rejectReview(try item(invocation))
        Output.print("Item \(invocation.arguments[0]) rejected.")
    }

    static let reviewSkip = Command(
        name: "skip",
        abstract: "Leave an item for later; it moves after the pending ones.",
        arguments: [.init(name: "item", help: "The review item's id.")]
    ) { invocation in
        try invocation.service().skipReview(try item(invocation))
        Output.print("Item \(invocation.arguments[0]) skipped.")
    }

    private static func item(_ invocation: Invocation) throws -> Int64 {
        guard let id = Int64(invocation.arguments[0]) else {
            throw UsageError(message: "ITEM is a review item's number, not '\(invocation.arguments[0])'", path: invocation.path)
        }
        return id
    }
}
