import Foundation
import ArchivistMail

/// How a parsed message reads on a terminal.
enum MessageText {
    static func summary(_ parsed: ParsedMessage, includeText: Bool = true) -> String {
        var lines: [String] = []
        func field(_ name: String, _ value: String?) {
            if let value, !value.isEmpty { lines.append("\(name): \(value)") }
        }
        field("Message-ID", parsed.messageID.map { "<\($0)>" })
        field("Date", parsed.date.map { $0.formatted(.iso8601) })
        field("From", parsed.from.map(\.display).joined(separator: ", "))
        field("To", parsed.to.map(\.display).joined(separator: ", "))
        field("Cc", parsed.cc.map(\.display).joined(separator: ", "))
        field("Reply-To", parsed.replyTo.map(\.display).joined(separator: ", "))
        field("Subject", parsed.subject)
        field("In-Reply-To", parsed.inReplyTo.map { "<\($0)>" }.joined(separator: " "))
        field("References", parsed.references.map { "<\($0)>" }.joined(separator: " "))
        for attachment in parsed.attachments {
            lines.append("Attachment: \(attachment.filename ?? "(no name)") (\(attachment.contentType), \(attachment.size) bytes)")
        }
        for embedded in parsed.embedded {
            lines.append("Embedded message: \(embedded.subject ?? "(no subject)") from \(embedded.from.map(\.display).joined(separator: ", "))")
        }
        for defect in parsed.defects {
            lines.append("Defect: \(defect)")
        }
        if includeText {
            lines.append("")
            lines.append(parsed.text)
        }
        return lines.joined(separator: "\n")
    }
}
