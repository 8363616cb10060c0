import Foundation
import ArchivistCore
import ArchivistModel

/// A command of the `archivist` tool: what it takes, its help, and what it runs.
struct Command: Sendable {
    /// A positional argument.
    struct Argument: Sendable {
        var name: String
        var help: String
        var isRepeating = false
        var isOptional = false
    }

    /// An option: a flag (`--json`) or an option with a value (`--db <path>`).
    struct Option: Sendable {
        var name: String
        var valueName: String?
        var help: String
        var isRepeating = false
    }

    var name: String
    var abstract: String
    var discussion: String = ""
    var arguments: [Argument] = []
    var options: [Option] = []
    var subcommands: [Command] = []
    /// Whether the command opens the database (and so takes `--db`).
    var usesDatabase = true
    var run: (@Sendable (Invocation) throws -> Void)?
}

/// Options every command that opens the database takes, before or after the subcommand.
enum GlobalOptions {
    static let database = Command.Option(
        name: "db", valueName: "path",
        help: "The database to use. Defaults to $ARCHIVIST_DB, else $XDG_DATA_HOME/archivist/archivist.db (~/.local/share/archivist/archivist.db).")
    static let actingUser = Command.Option(
        name: "as", valueName: "user", help: "The user to act as. Defaults to $ARCHIVIST_USER.")
    static let all = [database, actingUser]
    static let help = Command.Option(name: "help", help: "Show help information.")
}

/// A command line parsed against a command.
struct Invocation: Sendable {
    var path: [String]
    var command: Command
    var values: [String: [String]] = [:]
    var flags: Set<String> = []
    var arguments: [String] = []

    func value(_ name: String) -> String? { values[name]?.last }
    func values(_ name: String) -> [String] { values[name] ?? [] }
    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The integer value of an option, or a usage error naming it.
    func integer(_ name: String) throws -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text), number >= 0 else {
            throw UsageError(message: "--\(name) takes a whole number, not '\(text)'", path: path)
        }
        return number
    }

    var databasePath: String {
        value(GlobalOptions.database.name) ?? ArchiveService.defaultDatabasePath()
    }

    var actingUser: String? {
        value(GlobalOptions.actingUser.name) ?? ProcessInfo.processInfo.environment["ARCHIVIST_USER"]
    }

    /// The archive, opened as the acting user.
    func service() throws -> ArchiveService {
        try ArchiveService(databasePath: databasePath, user: actingUser) { Output.error("archivist: \($0)") }
    }

    /// The records named by a repeatable `TYPE:ID` option, or a usage error naming the bad one.
    func records(_ name: String) throws -> [RecordRef] {
        try values(name).map { try record($0) }
    }

    func record(_ text: String) throws -> RecordRef {
        guard let ref = RecordRef(text) else {
            throw UsageError(message: "'\(text)' is not a record: write TYPE:ID, TYPE one of \(RecordType.allCases.map(\.rawValue).joined(separator: ", "))", path: path)
        }
        return ref
    }

    /// The record type an option names, or a usage error.
    func recordType(_ name: String) throws -> RecordType? {
        guard let text = value(name) else { return nil }
        guard let type = RecordType(rawValue: text) else {
            throw UsageError(message: "--\(name) takes \(RecordType.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'", path: path)
        }
        return type
    }

    /// A comma-separated list option: nil when not given, empty when given empty.
    func list(_ name: String) -> [String]? {
        value(name).map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }
}

/// A mistake in how a command was called: printed with the usage line, exit 64.
struct UsageError: Error {
    var message: String
    var path: [String]
}
