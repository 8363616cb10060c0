import Foundation
import ArchivistCore
import ArchivistStore

/// The command tree. Each command lives in `Commands/` and only parses, calls the library and
/// prints.
enum Commands {
    static let root = Command(
        name: "archivist",
        abstract: "File a company's email into the records of its CRM.",
        discussion: "Imports mail read-only, stores each message once, keeps a queue of what arrived, and archives it to CRM records.",
        subcommands: [initialize, ingest, fetch, status, match, review, queue, show, suggest, archive, attach, archives, records, search, log, users, accounts, settings, rules, eval, parse],
        usesDatabase: false
    )
}

/// sysexits(3) codes.
enum ExitCode {
    static let ok: Int32 = 0
    static let failure: Int32 = 1
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let noInput: Int32 = 66
    static let software: Int32 = 70
    static let cannotCreate: Int32 = 73
    static let ioError: Int32 = 74
    static let temporary: Int32 = 75
    static let unavailable: Int32 = 69
    static let protocolError: Int32 = 76
    static let noPermission: Int32 = 77

    static func of(_ error: Error) -> Int32 {
        switch error {
        case let error as ArchivistError:
            switch error.kind {
            case .badInput, .notFound: return dataError
            case .noInput: return noInput
            case .permissionDenied: return noPermission
            case .unavailable: return unavailable
            case .protocol: return protocolError
            case .temporary: return temporary
            case .ioError: return ioError
            case .failure: return failure
            }
        case let error as StoreError:
            switch error {
            case .cannotOpen: return cannotCreate
            case .newerThanProgram: return dataError
            case .busy: return temporary
            case .sqlite, .migrationFailed: return software
            }
        default:
            return failure
        }
    }
}

func main() -> Int32 {
    let parser = ArgumentParser(root: Commands.root)
    let words = Array(CommandLine.arguments.dropFirst())
    do {
        switch try parser.parse(words) {
        case let .help(path, command):
            Output.print(HelpText.full(path, command))
        case let .run(invocation):
            try invocation.command.run?(invocation)
        }
        return ExitCode.ok
    } catch let error as UsageError {
        let command = (try? ArgumentParser(root: Commands.root).commandAt(error.path)) ?? Commands.root
        Output.error("Error: \(error.message)")
        Output.error("Usage: \(HelpText.usage(error.path, command))")
        Output.error("  See '\(Commands.root.name) help\(error.path.dropFirst().map { " " + $0 }.joined())' for more details.")
        return ExitCode.usage
    } catch {
        Output.error("archivist: \(error)")
        return ExitCode.of(error)
    }
}

exit(main())
