import ArchivistCore

extension Commands {
    static let ingest = Command(
        name: "ingest",
        abstract: "Import .eml files, folders of them, Maildir folders and mbox files into the queue.",
        discussion: """
            Each message is stored once, however often and from wherever it arrives. Importing the \
            same files again adds nothing. The queue is purged afterwards. Progress is shown on \
            standard error when it is a terminal.
            """,
        arguments: [.init(name: "path", help: "A message file, a folder, a Maildir or an mbox file.", isRepeating: true)],
        options: [
            .init(name: "source", valueName: "name", help: "The local source whose queue receives the mail. Defaults to 'import'."),
            .init(name: "no-match", help: "Do not run the engine on what arrived (see 'archivist match')."),
            .init(name: "json", help: "Print the report as JSON."),
        ]
    ) { invocation in
        let service = try invocation.service()
        let progress = Output.Progress("Ingesting")
        let report = try service.ingest(paths: invocation.arguments, source: invocation.value("source") ?? "import") {
            progress.update($0, of: $1)
        }
        progress.finish()
        for failure in report.failures {
            Output.error("archivist: \(failure)")
        }
        if invocation.flag("json") {
            try Output.json(report)
        } else {
            Output.print("\(report.messages) messages: \(report.new) new, \(report.alreadyStored) already stored, \(report.withDefects) with defects"
                + (report.failures.isEmpty ? "" : ", \(report.failures.count) unreadable"))
        }
        if !invocation.flag("no-match") && !invocation.flag("json") {
            let matched = try service.match()
            Output.notices(service)
            if matched.messages > 0 { try printMatchReport(matched, invocation, dryRun: false) }
        }
        if !report.failures.isEmpty {
            throw ArchivistError(.ioError, "\(report.failures.count) of \(report.messages) messages could not be read; the rest were stored")
        }
    }
}
