import Foundation
import ArchivistCore
import ArchivistMail

extension Commands {
    static let parse = Command(
        name: "parse",
        abstract: "Parse one message file and print what Archivist reads from it.",
        discussion: "Needs no database. Malformed mail is read as far as possible; what was wrong is listed under defects.",
        arguments: [.init(name: "file", help: "The message file (.eml) to parse.")],
        options: [.init(name: "json", help: "Print one JSON object instead of a summary.")],
        usesDatabase: false
    ) { invocation in
        let path = invocation.arguments[0]
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ArchivistError(.noInput, "\(path): the file does not exist or cannot be read")
        }
        let parsed = MIMEParser.parse([UInt8](data))
        if invocation.flag("json") {
            try Output.json(parsed)
        } else {
            Output.print(MessageText.summary(parsed))
        }
    }
}
