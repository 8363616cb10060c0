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
        arguments: [.init(name: "message", help: "A queue id, a Message-ID, or the path of a message file. Give several to build the index once for all.", isRepeating: true)],
        options: [
            .init(name: "rules", valueName: "dir", help: "Use the rules of this folder instead of the configured ones."),
            .init(name: "json", help: "Print a JSON list of candidates (for several messages, a list of {\"message\", \"candidates\"})."),
        ]
    ) { invocation in
        let service = try invocation.service()
        let all = try service.suggest(invocation.arguments, rules: invocation.value("rules").map { [$0] })
        Output.notices(service)
        if invocation.flag("json") {
            if all.count == 1 {
                try Output.json(all[0])
            } else {
                try Output.json(zip(invocation.arguments, all).map { SuggestedMessage(message: $0, candidates: $1) })
            }
            return
        }
        for (reference, candidates) in zip(invocation.arguments, all) {
            if all.count > 1 { Output.print("\(reference):") }
            if candidates.isEmpty {
                Output.print("No record stands out for this message.")
            }
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
            among the k best candidates of its record type. With --from-archive, the mail archived in the \
            database is replayed in a copy, with its present links as the truth.
            """,
        options: [
            .init(name: "records", valueName: "dir", help: "A folder with companies.csv, contacts.csv, warehouse.csv, projects.csv."),
            .init(name: "messages", valueName: "dir", help: "A folder of the labelled messages."),
            .init(name: "truth", valueName: "file", help: "The labels, one JSON line per message."),
            .init(name: "own-domain", valueName: "domain", help: "An own mail domain; repeat for more.", isRepeating: true),
            .init(name: "rules", valueName: "dir", help: "Rules files to use in the back-test."),
            .init(name: "no-learning", help: "Do not let the engine learn from the simulated reviewer (who confirms true targets and turns the rest down after each message)."),
            .init(name: "mistakes", help: "Also list the wrong automatic links with their evidence."),
            .init(name: "from-archive", help: "Replay the mail archived in the database instead, with its links as the truth (administrators only)."),
            .init(name: "json", help: "Print the figures as JSON."),
        ],
    ) { invocation in
        let report: EvaluationReport
        if invocation.flag("from-archive") {
            report = try Evaluation.runFromArchive(try invocation.service())
        } else {
            guard let records = invocation.value("records"), let messages = invocation.value("messages"), let truth = invocation.value("truth") else {
                throw UsageError(message: "give --records DIR, --messages DIR and --truth FILE, or --from-archive", path: invocation.path)
            }
            report = try Evaluation.run(records: records, messages: messages, truth: truth, ownDomains: invocation.values("own-domain"),
                                        rules: invocation.value("rules").map { [$0] }, learning: !invocation.flag("no-learning"))
        }
        if invocation.flag("json") {
            try Output.json(report)
        } else {
            Output.print("""
                \(report.messages) messages, \(report.trueLinks) true links
                auto: \(report.auto.links) links, \(report.auto.correct) correct: precision \(percent(report.auto.precision)), recall \(percent(report.auto.recall))
                recall@1 \(percent(report.recallAt1)), recall@3 \(percent(report.recallAt3))
                negatives: \(report.negatives.messages) messages, \(report.negatives.withAuto) with an automatic link
                """)
            if invocation.flag("mistakes") {
                for mistake in report.mistakes {
                    Output.print(String(format: "%@: %@ %.2f", mistake.message, mistake.candidate.description, mistake.score))
                    for line in mistake.evidence { Output.print("    " + line) }
                }
            }
        }
    }

    private static func percent(_ x: Double) -> String {
        String(format: "%.2f%%", x * 100)
    }
}

/// One message's suggestions, as `suggest --json` prints them for several messages.
struct SuggestedMessage: Encodable {
    var message: String
    var candidates: [Candidate]
}
