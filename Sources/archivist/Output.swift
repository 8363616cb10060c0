import Foundation
import ArchivistMail
import ArchivistModel
import ArchivistStore

/// Writing to standard output and standard error.
enum Output {
    static func print(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Pretty JSON with keys sorted, for scripts.
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(value)
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }

    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// A one-line progress counter on standard error, shown only when it is a terminal and at most
    /// ten times a second.
    final class Progress {
        private let label: String
        private let enabled = Output.stderrIsTerminal
        private var lastDraw = Date.distantPast
        private var drawn = false

        init(_ label: String) {
            self.label = label
        }

        func update(_ done: Int, of total: Int) {
            guard enabled, done == total || Date().timeIntervalSince(lastDraw) > 0.1 else { return }
            lastDraw = Date()
            drawn = true
            FileHandle.standardError.write(Data("\r\u{1B}[K\(label) \(done)/\(total)".utf8))
        }

        func finish() {
            guard drawn else { return }
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        }
    }
}

extension MailAddress {
    /// `Name <address>`, or the address alone.
    var display: String {
        name.map { "\($0) <\(address)>" } ?? address
    }
}

extension Date {
    /// `2026-12-04 14:03` in the local time zone, for tables.
    var shortDisplay: String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: self)
    }
}

extension String {
    /// The string cut to `width` characters with an ellipsis, or padded to it.
    func fitted(_ width: Int) -> String {
        count > width ? String(prefix(width - 1)) + "…" : padding(toLength: width, withPad: " ", startingAt: 0)
    }
}

extension Output {
    /// Prints rows under a header in aligned columns; the last column is never cut.
    static func table(_ header: [String], _ rows: [[String]], maxWidth: Int = 40) {
        guard !header.isEmpty else { return }
        var widths = header.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count - 1 {
                widths[i] = min(maxWidth, max(widths[i], cell.count))
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in i == cells.count - 1 ? cell : cell.fitted(widths[i]) }.joined(separator: "  ")
        }
        print(line(header))
        for row in rows { print(line(row)) }
    }
}

extension MessageSummary {
    /// The sender as a listing shows it: the name, else the address.
    var sender: String {
        from.first.map { $0.name ?? $0.address } ?? ""
    }

    var dateText: String {
        date?.shortDisplay ?? ""
    }
}

extension Array where Element == RecordRef {
    var text: String { map(\.description).joined(separator: " ") }
}
