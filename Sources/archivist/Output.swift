import Foundation
import ArchivistCore
import ArchivistMail
import ArchivistModel
import ArchivistStore

/// Writing to standard output and standard error.
enum Output {
    static func print(_ text: String) {
        write(1, Array((text + "\n").utf8))
    }

    static func error(_ text: String) {
        write(2, Array((text + "\n").utf8))
    }

    /// Writes all of `bytes` to a file descriptor. When the reader has gone away
    /// (`archivist queue list | head`), the program ends as any Unix tool does, by SIGPIPE,
    /// instead of crashing on the write error as FileHandle does.
    static func write(_ fd: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n > 0 {
                    offset += n
                } else if n < 0 && errno == EINTR {
                    continue
                } else {
                    if errno == EPIPE {
                        signal(SIGPIPE, SIG_DFL)
                        raise(SIGPIPE)
                    }
                    return
                }
            }
        }
    }

    /// Pretty JSON with keys sorted, for scripts.
    static func json<T: Encodable>(_ value: T) throws {
        try json(value, pretty: true)
    }

    /// JSON on one line, for a stream of documents (JSON Lines).
    static func jsonLine<T: Encodable>(_ value: T) throws {
        try json(value, pretty: false)
    }

    private static func json<T: Encodable>(_ value: T, pretty: Bool) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(value)
        write(1, Array(data) + [0x0A])
    }

    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// The service's notices, on standard error.
    static func notices(_ service: ArchiveService) {
        for notice in service.notices { error("archivist: note: \(notice)") }
    }

    /// A one-line progress counter on standard error, shown only when it is a terminal and at most
    /// ten times a second.
    final class Progress {
        var label: String
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
            Output.write(2, Array("\r\u{1B}[K\(label) \(done)/\(total)".utf8))
        }

        func finish() {
            guard drawn else { return }
            Output.write(2, Array("\r\u{1B}[K".utf8))
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
