import Foundation
import ArchivistCore
import ArchivistMail
import ArchivistModel
import ArchivistStore

extension Commands {
    static let show = Command(
        name: "show",
        abstract: "Show one stored message: headers, attachments, defects, text and where it arrived from.",
        arguments: [.init(name: "message", help: "A queue id or a Message-ID.")],
        options: [
            .init(name: "json", help: "Print one JSON object."),
            .init(name: "raw", help: "Print the message exactly as it was received."),
        ]
    ) { invocation in
        let service = try invocation.service()
        let message = try service.message(invocation.arguments[0])
        let records = try service.records(of: message)
        if invocation.flag("raw") {
            Output.write(1, message.raw)
            return
        }
        let parsed = MIMEParser.parse(message.raw)
        let arrivals = message.arrivals.map {
            ShownMessage.Arrival(source: $0.place.source, folder: $0.place.folder, item: $0.place.item, fetchedAt: $0.fetchedAt)
        }
        if invocation.flag("json") {
            try Output.json(ShownMessage(id: message.id, sha256: MessageDigest.hex(message.sha256), size: message.raw.count, archivedTo: records, arrivals: arrivals, message: parsed))
            return
        }
        Output.print("Queue id: \(message.id)  (\(message.raw.count) bytes, sha256 \(MessageDigest.hex(message.sha256).prefix(16))…)")
        for arrival in arrivals {
            Output.print("Arrived: \(arrival.fetchedAt.shortDisplay) from \(arrival.source): \(arrival.folder) \(arrival.item)")
        }
        Output.print("Archived to: \(records.isEmpty ? "(not archived)" : records.text)")
        Output.print(MessageText.summary(parsed))
    }
}

/// The JSON shape of `archivist show --json`.
struct ShownMessage: Encodable {
    struct Arrival: Encodable {
        var source: String
        var folder: String
        var item: String
        var fetchedAt: Date

        enum CodingKeys: String, CodingKey {
            case source, folder, item
            case fetchedAt = "fetched_at"
        }
    }

    var id: Int64
    var sha256: String
    var size: Int
    var archivedTo: [RecordRef]
    var arrivals: [Arrival]
    var message: ParsedMessage

    enum CodingKeys: String, CodingKey {
        case id, sha256, size
        case archivedTo = "archived_to"
        case arrivals, message
    }
}
