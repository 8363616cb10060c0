import Foundation
import ArchivistCore
import ArchivistMail
import ArchivistMatching
import ArchivistModel

/// The terminal in raw mode, one key at a time; restored when the value goes away.
final class RawTerminal {
    private var saved = termios()

    init?() {
        guard isatty(0) == 1, isatty(1) == 1, tcgetattr(0, &saved) == 0 else { return nil }
        makeRaw()
    }

    deinit {
        tcsetattr(0, TCSANOW, &saved)
    }

    /// No line editing, no echo, no signals from keys (Ctrl-C arrives as a key), one byte at a time.
    private func makeRaw() {
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG)
        raw.c_cc.6 = 1  // VMIN
        raw.c_cc.5 = 0  // VTIME
        tcsetattr(0, TCSANOW, &raw)
    }

    /// The next key, or nil at end of input.
    func key() -> UInt8? {
        var byte: UInt8 = 0
        return read(0, &byte, 1) == 1 ? byte : nil
    }

    /// A line typed with echo and editing, for searching.
    func line(prompt: String) -> String {
        tcsetattr(0, TCSANOW, &saved)
        defer { makeRaw() }
        Output.write(1, Array(prompt.utf8))
        return readLine() ?? ""
    }
}

/// `archivist review` on a terminal: one message at a time, single keys for the decisions.
struct InteractiveReview {
    let service: ArchiveService
    let terminal: RawTerminal

    private let bold = "\u{1B}[1m", dim = "\u{1B}[2m", mark = "\u{1B}[1;33m", plain = "\u{1B}[0m"

    func run() throws {
        var history: [(item: Int64, decision: ArchiveService.ReviewDecision)] = []
        var status = ""
        var picks: [Int] = []
        var extra: [RecordRef] = []
        while true {
            let items = try service.reviewItems()
            guard let item = items.first else {
                Output.print("\u{1B}[2J\u{1B}[HNothing left to review.\(status.isEmpty ? "" : " " + status)")
                return
            }
            draw(item, left: items.count, picks: picks, extra: extra, status: status)
            guard let key = terminal.key() else { return }
            status = ""
            switch key {
            case UInt8(ascii: "q"), 3, 4:
                Output.print("")
                return
            case UInt8(ascii: "a"), 10, 13:
                do {
                    let result = try service.acceptReview(item.id, pick: picks, also: extra, roles: nil)
                    history.append((item.id, .accepted(result)))
                    status = "accepted: message \(result.message) → \((result.outcome.attached + result.outcome.alreadyAttached).text)"
                } catch {
                    status = "\(error)"
                }
                picks = []
                extra = []
            case UInt8(ascii: "1")...UInt8(ascii: "9"):
                let n = Int(key - UInt8(ascii: "0"))
                if n <= item.candidates.count {
                    if let i = picks.firstIndex(of: n) { picks.remove(at: i) } else { picks.append(n) }
                }
            case UInt8(ascii: "/"):
                let query = terminal.line(prompt: "\r\nsearch records: ")
                let found = try service.findRecords(query)
                if found.isEmpty {
                    status = "no record matches '\(query)'"
                } else {
                    for (i, record) in found.enumerated() { Output.print("  \(i + 1). \(record.ref)  \(record.name)") }
                    Output.write(1, Array("press its number to add it, any other key to go back ".utf8))
                    if let choice = terminal.key(), choice >= UInt8(ascii: "1"), Int(choice - UInt8(ascii: "0")) <= found.count {
                        extra.append(found[Int(choice - UInt8(ascii: "1"))].ref)
                    }
                }
            case UInt8(ascii: "r"):
                try service.rejectReview(item.id)
                history.append((item.id, .rejected))
                status = "rejected: nothing archived"
                picks = []
                extra = []
            case UInt8(ascii: "s"):
                try service.skipReview(item.id)
                history.append((item.id, .skipped))
                status = "skipped"
                picks = []
                extra = []
            case UInt8(ascii: "u"):
                if let last = history.popLast() {
                    try service.undoReview(last.item, last.decision)
                    status = "undone: item \(last.item) is back"
                } else {
                    status = "nothing to undo"
                }
            default:
                status = "keys: Enter accept, 1-9 pick, / search, r reject, s skip, u undo, q quit"
            }
        }
    }

    private func draw(_ item: ReviewItem, left: Int, picks: [Int], extra: [RecordRef], status: String) {
        var lines = ["\u{1B}[2J\u{1B}[H\(bold)Review\(plain) — \(left) item\(left == 1 ? "" : "s") left (item \(item.id)\(item.status == "skipped" ? ", skipped before" : ""))", ""]
        let m = item.message
        lines.append("\(bold)\(m.subject ?? "(no subject)")\(plain)")
        lines.append("From: \(m.from.map(\.display).joined(separator: ", "))   Date: \(m.dateText)")
        lines.append("")
        let names = item.candidates.flatMap { $0.evidence.filter { $0.signal == .name }.map { $0.text.components(separatedBy: " (in ").first ?? $0.text } }
        if let raw = try? service.message(String(m.id)).raw {
            let text = MIMEParser.parse(raw).text
            for line in text.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }).filter({ !$0.isEmpty }).prefix(8) {
                lines.append("  " + highlight(String(line.prefix(110)), names))
            }
        }
        lines.append("")
        for (i, c) in item.candidates.enumerated() {
            let picked = picks.contains(i + 1) ? "\(mark)*\(plain)" : " "
            let reason = c.evidence.first.map { "\($0.signal.rawValue) in \($0.field): \($0.text)" } ?? ""
            lines.append(String(format: "%@ %d. %.2f  %@  %@  %@", picked, i + 1, c.score, c.target.description, c.name, "\(dim)\(reason)\(plain)"))
        }
        for ref in extra { lines.append("  +  \(ref)") }
        lines.append("")
        lines.append("\(dim)Enter accept \(picks.isEmpty && extra.isEmpty ? "top" : "picked") · 1-9 pick · / search a record · r reject · s skip · u undo · q quit\(plain)")
        if !status.isEmpty { lines.append(status) }
        Output.write(1, Array(lines.joined(separator: "\r\n").utf8) + Array("\r\n".utf8))
    }

    /// The line with every name found in it marked.
    private func highlight(_ line: String, _ names: [String]) -> String {
        var out = line
        for name in Set(names) where name.count >= 3 {
            if let range = out.range(of: name, options: [.caseInsensitive, .diacriticInsensitive]) {
                out.replaceSubrange(range, with: mark + out[range] + plain)
            }
        }
        return out
    }
}
