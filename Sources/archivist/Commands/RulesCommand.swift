import ArchivistCore
import ArchivistMatching

extension Commands {
    static let rules = Command(
        name: "rules",
        abstract: "Check and try out the administrators' rules files.",
        discussion: "Rules live in *.rules files in the folder set with 'archivist settings set rules-dir PATH'. The README's rules section describes the format.",
        subcommands: [rulesCheck, rulesTest],
        usesDatabase: false
    )

    static let rulesCheck = Command(
        name: "check",
        abstract: "Compile rules files and report every error and warning with file:line:column.",
        arguments: [.init(name: "path", help: "A rules file or folder. Defaults to the configured rules folder.", isRepeating: true, isOptional: true)]
    ) { invocation in
        let service = try invocation.service()
        do {
            let rules = try service.checkRules(invocation.arguments)
            for warning in rules.warnings { Output.error(warning.description) }
            let files = Set(rules.rules.map(\.location.file)).count
            Output.print("\(rules.rules.count) rule\(rules.rules.count == 1 ? "" : "s") in \(files) file\(files == 1 ? "" : "s"): no errors"
                + (rules.warnings.isEmpty ? "." : ", \(rules.warnings.count) warning\(rules.warnings.count == 1 ? "" : "s")."))
        } catch let failure as RuleLoadFailure {
            for problem in failure.problems { Output.error(problem.description) }
            let errors = failure.problems.filter { $0.severity == .error }.count
            throw ArchivistError(.badInput, "\(errors) error\(errors == 1 ? "" : "s"); nothing of these rules is used until they are fixed")
        }
    }

    static let rulesTest = Command(
        name: "test",
        abstract: "Dry-run rules on messages: which rules fire and how the decisions change against the active rules.",
        arguments: [.init(name: "path", help: "A rules file or folder. Defaults to the configured rules folder.", isRepeating: true, isOptional: true)],
        options: [
            .init(name: "messages", valueName: "dir", help: "Message files to try (.eml, Maildir, mbox)."),
            .init(name: "queue", help: "Try the queued messages."),
            .init(name: "archive", help: "Try the archived messages."),
            .init(name: "json", help: "Print the report as JSON."),
        ]
    ) { invocation in
        let messages: RuleTestMessages
        switch (invocation.value("messages"), invocation.flag("queue"), invocation.flag("archive")) {
        case let (dir?, false, false): messages = .files(dir)
        case (nil, true, false): messages = .queue
        case (nil, false, true): messages = .archive
        default: throw UsageError(message: "give one of --messages DIR, --queue or --archive", path: invocation.path)
        }
        let service = try invocation.service()
        let report: RuleTestReport
        do {
            report = try service.testRules(invocation.arguments, on: messages)
        } catch let failure as RuleLoadFailure {
            for problem in failure.problems { Output.error(problem.description) }
            throw ArchivistError(.badInput, "the rules have errors; fix them first ('archivist rules check')")
        }
        Output.notices(service)
        if invocation.flag("json") {
            try Output.json(report)
            return
        }
        for entry in report.messages where !entry.fired.isEmpty || !entry.added.isEmpty || !entry.removed.isEmpty || !entry.changed.isEmpty {
            Output.print("\(entry.message)  \(entry.subject ?? "(no subject)")")
            for rule in entry.fired { Output.print("    fired: \(rule)") }
            if entry.never { Output.print("    never archived") }
            for target in entry.added { Output.print("    + \(target)") }
            for target in entry.removed { Output.print("    - \(target)") }
            for change in entry.changed { Output.print("    ~ \(change)") }
        }
        let t = report.totals
        Output.print("\(t.messages) messages, rules fired on \(t.withFiredRules); \(t.added) targets added, \(t.removed) removed, \(t.changed) changed, \(t.never) never archived.")
    }
}
