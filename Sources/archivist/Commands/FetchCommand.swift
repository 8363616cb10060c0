import Foundation
import ArchivistCore

extension Commands {
    static let fetch = Command(
        name: "fetch",
        abstract: "Check the IMAP mailboxes for new mail, now or every few minutes.",
        discussion: """
            Reads every mailbox you read (every one, for an administrator), read-only: folders are \
            opened with EXAMINE and messages fetched with BODY.PEEK[], so nothing on the server \
            changes, not even \\Seen. Only what is new since the last check is fetched; each batch is \
            stored together with the folder's position, so an interrupted check goes on where it \
            stopped and never stores a message twice. The engine then runs on what arrived. \
            With --every, runs until SIGINT or SIGTERM, which end it between batches; a mailbox \
            that cannot be reached is retried sooner, with growing pauses, up to the interval.
            """,
        options: [
            .init(name: "account", valueName: "name", help: "Check only this mailbox."),
            .init(name: "every", valueName: "interval", help: "Check again after each interval (30s, 5m, 1h) until stopped."),
            .init(name: "limit", valueName: "n", help: "Fetch at most n messages per mailbox in a check, oldest first; the rest wait for the next check."),
            .init(name: "no-match", help: "Do not run the engine on what arrived (see 'archivist match')."),
            .init(name: "json", help: "Print the reports as JSON: one array per check."),
        ]
    ) { invocation in
        let service = try invocation.service()
        let interval = try invocation.value("every").map { text in
            guard let seconds = parseInterval(text) else {
                throw UsageError(message: "--every takes an interval such as 30s, 5m or 1h, not '\(text)'", path: invocation.path)
            }
            return seconds
        }
        let limit = try invocation.integer("limit")
        if let limit, limit < 1 { throw UsageError(message: "--limit takes a number of messages of at least 1", path: invocation.path) }
        let stop = StopRequest.install()
        let progress = Output.Progress("Fetching")
        var retry: [String: (failures: Int, due: Date)] = [:]
        var failures: [AccountFetchReport] = []
        var checked = 0
        while true {
            let names = try service.accounts().map(\.name)
            let due = invocation.value("account").map { [$0] } ?? names.filter { (retry[$0]?.due ?? .distantPast) <= Date() }
            let reports = try service.fetch(accounts: due, limit: limit, progress: { account, folder, done, total in
                progress.label = "Fetching \(account) \(folder)"
                progress.update(done, of: total)
            }, shouldStop: { stop.requested })
            progress.finish()
            if names.isEmpty && invocation.value("account") == nil {
                Output.error("archivist: " + noMailboxesYet)
            }
            printFetchReports(reports, json: invocation.flag("json"))
            if !invocation.flag("no-match") && reports.contains(where: { $0.messages > 0 }) {
                let matched = try service.match()
                Output.notices(service)
                if matched.messages > 0 && !invocation.flag("json") { try printMatchReport(matched, invocation, dryRun: false) }
            }
            failures = reports.filter { $0.error != nil }
            checked = reports.count
            guard let interval, !stop.requested else { break }
            // Retry unreachable servers sooner: 15 s, 30 s, 1 min, ... up to the interval.
            for report in reports {
                if report.retryable {
                    let failures = (retry[report.account]?.failures ?? 0) + 1
                    let pause = min(interval, 15 * pow(2, Double(failures - 1)))
                    retry[report.account] = (failures, Date().addingTimeInterval(pause))
                    Output.error("archivist: \(report.account): trying again in \(Int(pause)) s")
                } else {
                    retry[report.account] = (0, Date().addingTimeInterval(interval))
                }
            }
            let next = names.map { retry[$0]?.due ?? Date().addingTimeInterval(interval) }.min() ?? Date().addingTimeInterval(interval)
            stop.wait(until: next)
            if stop.requested { break }
        }
        // Each failure is on standard error already; the exit status is the last one's.
        if interval == nil, let kind = failures.last?.failure {
            throw ArchivistError(kind, checked == 1 ? "the mailbox could not be checked" : "\(failures.count) of \(checked) mailboxes could not be checked")
        }
    }

    private static func printFetchReports(_ reports: [AccountFetchReport], json: Bool) {
        if json {
            try? Output.jsonLine(reports)
            return
        }
        for report in reports {
            var parts: [String] = []
            if report.messages == 0 && report.error == nil {
                parts.append("nothing new")
            } else if report.messages > 0 {
                let folders = report.folders.filter { $0.messages > 0 }.map { "\($0.folder) \($0.messages)" }.joined(separator: ", ")
                parts.append("\(report.messages) messages (\(folders)): \(report.new) new, \(report.alreadyStored) already stored")
            }
            for folder in report.folders where folder.resynced {
                parts.append("\(folder.folder) was renumbered by the server (UIDVALIDITY changed) and read again")
            }
            for folder in report.folders where folder.error != nil {
                parts.append("\(folder.folder) could not be opened (\(folder.error!))")
            }
            let vanished = report.folders.reduce(0) { $0 + $1.vanished }
            if vanished > 0 { parts.append("\(vanished) deleted on the server before they could be fetched") }
            let waiting = report.folders.reduce(0) { $0 + $1.waiting }
            if waiting > 0 { parts.append("\(waiting) more wait on the server for the next check (--limit)") }
            if report.interrupted { parts.append("stopped early; the next check goes on from here") }
            if !parts.isEmpty { Output.print("\(report.account): " + parts.joined(separator: "; ")) }
            if let error = report.error { Output.error("archivist: \(error)") }
        }
    }

    /// 30s, 5m, 1h, or plain seconds.
    static func parseInterval(_ text: String) -> TimeInterval? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600]
        let (number, unit) = text.last.flatMap { units[$0] }.map { (text.dropLast(), $0) } ?? (Substring(text), 1)
        guard let value = Double(number), value > 0 else { return nil }
        return value * unit
    }

    static let status = Command(
        name: "status",
        abstract: "Show each mailbox's last check, unread messages and the mail of the last five minutes.",
        discussion: """
            Unread counts are those the server gave at the last check (STATUS UNSEEN over the folders \
            that are read). The five-minute counts are messages that reached the mailbox in the \
            last five minutes by the server's arrival time, incoming and outgoing (sent from the \
            mailbox's own address or domain, or found in the Sent folder); skipped folders are \
            never read, so never counted.
            """,
        options: [.init(name: "json", help: "Print JSON.")]
    ) { invocation in
        let statuses = try invocation.service().status()
        if invocation.flag("json") {
            try Output.json(statuses)
        } else if statuses.isEmpty {
            Output.print(noMailboxesYet)
        } else {
            Output.table(["ACCOUNT", "LAST CHECK", "UNREAD", "IN 5 MIN", "OUT 5 MIN", "PROBLEM"], statuses.map {
                [$0.account, $0.lastCheck?.shortDisplay ?? "never", $0.unread.map(String.init) ?? "-", "\($0.incomingLast5Minutes)",
                 "\($0.outgoingLast5Minutes)", $0.lastError ?? ""]
            }, maxWidth: 80)
        }
    }
}

/// SIGINT and SIGTERM as a request to stop between batches; a second one ends the program at once.
final class StopRequest: @unchecked Sendable {
    private let condition = NSCondition()
    private var isRequested = false
    private var sources: [DispatchSourceSignal] = []

    var requested: Bool {
        condition.lock()
        defer { condition.unlock() }
        return isRequested
    }

    static func install() -> StopRequest {
        let request = StopRequest()
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [request] in
                request.condition.lock()
                let again = request.isRequested
                request.isRequested = true
                request.condition.broadcast()
                request.condition.unlock()
                if again { exit(128 + number) }
                Output.error("archivist: stopping after the current batch (again to stop at once)")
            }
            source.resume()
            request.sources.append(source)
        }
        return request
    }

    /// Sleeps until the time, or until a stop is requested.
    func wait(until time: Date) {
        condition.lock()
        defer { condition.unlock() }
        while !isRequested && condition.wait(until: time) {}
    }
}
