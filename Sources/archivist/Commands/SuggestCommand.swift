import ArchivistCore
import ArchivistMatching

extension Commands {
    static let suggest = Command(
        name: "suggest",
        abstract: "Suggest the records a message belongs to, best first, each with its score, decision and reasons.",
        discussion: """
            Evidence: the addresses of contacts and the domains of companies, the thread (In-Reply-To, \
            References, or the subject with a shared participant), and record names, aliases and codes \
            in the subject, text and attachment names. Scores combine as noisy-or; 'auto' means confident \
            enough to archive without asking, 'propose' means ask a person.
            """,
        arguments: [.init(name: "message", help: "A queue id, a Message-ID, or the path of a message file.")],
        options: [.init(name: "json", help: "Print a JSON list.")]
    ) { invocation in
        let candidates = try invocation.service().suggest(invocation.arguments[0])
        if invocation.flag("json") {
            try Output.json(candidates)
        } else if candidates.isEmpty {
            Output.print("No record stands out for this message.")
        } else {
            for candidate in candidates {
                Output.print(String(format: "%.2f  %@  %@  %@", candidate.score, candidate.decision.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0),
                                    candidate.target.description, candidate.name))
                for evidence in candidate.evidence.prefix(4) {
                    Output.print(String(format: "        %.2f %@ in %@: %@", evidence.weight, evidence.signal.rawValue, evidence.field, evidence.text))
                }
            }
        }
    }

    static let eval = Command(
        name: "eval",
        abstract: "Back-test the matching engine on labelled mail in a temporary database.",
        discussion: """
            Messages are scored in Date order; after each, its true targets are archived as a reviewer \
            would, so later replies can use the thread. The truth file has JSON lines \
            {"file": "0001.eml", "targets": ["company:C0012"]}. recall_at_k counts a true link when it is \
            among the k best candidates of its record type.
            """,
        options: [
            .init(name: "records", valueName: "dir", help: "A folder with companies.csv, contacts.csv, warehouse.csv, projects.csv."),
            .init(name: "messages", valueName: "dir", help: "A folder of the labelled messages."),
            .init(name: "truth", valueName: "file", help: "The labels, one JSON line per message."),
            .init(name: "own-domain", valueName: "domain", help: "An own mail domain; repeat for more.", isRepeating: true),
            .init(name: "json", help: "Print the figures as JSON."),
        ],
        usesDatabase: false
    ) { invocation in
        guard let records = invocation.value("records"), let messages = invocation.value("messages"), let truth = invocation.value("truth") else {
            throw UsageError(message: "give --records DIR, --messages DIR and --truth FILE", path: invocation.path)
        }
        let report = try Evaluation.run(records: records, messages: messages, truth: truth, ownDomains: invocation.values("own-domain"))
        if invocation.flag("json") {
            try Output.json(report)
        } else {
            Output.print("""
                \(report.messages) messages, \(report.trueLinks) true links
                auto: \(report.auto.links) links, \(report.auto.correct) correct: precision \(percent(report.auto.precision)), recall \(percent(report.auto.recall))
                recall@1 \(percent(report.recallAt1)), recall@3 \(percent(report.recallAt3))
                negatives: \(report.negatives.messages) messages, \(report.negatives.withAuto) with an automatic link
                """)
        }
    }

    private static func percent(_ x: Double) -> String {
        String(format: "%.1f%%", x * 100)
    }
}
