import Foundation

/// Parses `archivist` command lines against the command tree, in the manner of
/// swift-argument-parser: subcommand words first, then options and arguments in any order,
/// `--name value` or `--name=value`, and `--` before arguments that start with a dash.
struct ArgumentParser {
    var root: Command

    enum Outcome {
        case run(Invocation)
        case help(path: [String], command: Command)
    }

    func parse(_ words: [String]) throws -> Outcome {
        var words = words[...]
        var command = root
        var path: [String] = [root.name]

        if words.first == "help" {
            words = words.dropFirst()
            for word in words {
                guard let sub = command.subcommands.first(where: { $0.name == word }) else {
                    throw UsageError(message: "unknown command '\(word)'", path: path)
                }
                command = sub
                path.append(word)
            }
            return .help(path: path, command: command)
        }
        // Global options may also come before the subcommand: `archivist --db x.db ingest ...`.
        var early: [String: [String]] = [:]
        while let word = words.first {
            if let (name, value, used) = globalOption(words) {
                early[name, default: []].append(value)
                words = words.dropFirst(used)
                continue
            }
            guard !word.hasPrefix("-"), let sub = command.subcommands.first(where: { $0.name == word }) else { break }
            command = sub
            path.append(word)
            words = words.dropFirst()
        }

        var invocation = Invocation(path: path, command: command)
        invocation.values = early
        let options = command.options + (command.usesDatabase ? GlobalOptions.all : []) + [GlobalOptions.help]
        var onlyArguments = false
        while let word = words.popFirst() {
            if onlyArguments || !word.hasPrefix("-") || word == "-" {
                invocation.arguments.append(word)
                continue
            }
            if word == "--" {
                onlyArguments = true
                continue
            }
            if word == "-h" || word == "--help" {
                return .help(path: path, command: command)
            }
            guard word.hasPrefix("--") else {
                throw UsageError(message: "unknown option '\(word)'", path: path)
            }
            var name = String(word.dropFirst(2))
            var inline: String?
            if let equals = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let option = options.first(where: { $0.name == name }) else {
                throw UsageError(message: "unknown option '--\(name)'", path: path)
            }
            if option.valueName == nil {
                if inline != nil { throw UsageError(message: "--\(name) takes no value", path: path) }
                invocation.flags.insert(name)
                continue
            }
            guard let value = inline ?? words.popFirst() else {
                throw UsageError(message: "--\(name) needs a value <\(option.valueName!)>", path: path)
            }
            if !option.isRepeating && invocation.values[name] != nil {
                throw UsageError(message: "--\(name) was given more than once", path: path)
            }
            invocation.values[name, default: []].append(value)
        }

        if command.run == nil {
            if let first = invocation.arguments.first {
                throw UsageError(message: "unknown command '\(first)'", path: path)
            }
            return .help(path: path, command: command)
        }
        try checkArguments(invocation)
        return .run(invocation)
    }

    /// A global option with its value at the start of `words`: its name, value and the number of
    /// words it took.
    private func globalOption(_ words: ArraySlice<String>) -> (String, String, Int)? {
        guard let word = words.first else { return nil }
        for option in GlobalOptions.all {
            if word == "--" + option.name, words.count > 1 {
                return (option.name, words[words.startIndex + 1], 2)
            }
            if word.hasPrefix("--\(option.name)=") {
                return (option.name, String(word.dropFirst(option.name.count + 3)), 1)
            }
        }
        return nil
    }

    private func checkArguments(_ invocation: Invocation) throws {
        let declared = invocation.command.arguments
        let required = declared.filter { !$0.isOptional }
        if invocation.arguments.count < required.count {
            let missing = required[invocation.arguments.count]
            throw UsageError(message: "missing argument <\(missing.name)>", path: invocation.path)
        }
        if !(declared.last?.isRepeating ?? false) && invocation.arguments.count > declared.count {
            throw UsageError(message: "unexpected argument '\(invocation.arguments[declared.count])'", path: invocation.path)
        }
    }
}

/// Help text in the sections OVERVIEW, USAGE, ARGUMENTS, OPTIONS and SUBCOMMANDS.
enum HelpText {
    static func usage(_ path: [String], _ command: Command) -> String {
        var parts = [path.joined(separator: " ")]
        if !command.subcommands.isEmpty && command.run == nil {
            parts.append("<subcommand>")
        } else {
            if !command.subcommands.isEmpty { parts.append("[<subcommand>]") }
            for option in command.options {
                let text = option.valueName.map { "--\(option.name) <\($0)>" } ?? "--\(option.name)"
                parts.append("[\(text)]" + (option.isRepeating ? " ..." : ""))
            }
            for argument in command.arguments {
                var text = "<\(argument.name)>" + (argument.isRepeating ? " ..." : "")
                if argument.isOptional { text = "[\(text)]" }
                parts.append(text)
            }
        }
        return parts.joined(separator: " ")
    }

    static func full(_ path: [String], _ command: Command) -> String {
        var out = "OVERVIEW: \(command.abstract)\n"
        if !command.discussion.isEmpty {
            out += "\n" + command.discussion + "\n"
        }
        out += "\nUSAGE: \(usage(path, command))\n"
        if !command.arguments.isEmpty {
            out += "\nARGUMENTS:\n"
            for argument in command.arguments {
                out += row("<\(argument.name)>", argument.help)
            }
        }
        out += "\nOPTIONS:\n"
        let options = command.options + (command.usesDatabase ? GlobalOptions.all : [])
        for option in options {
            out += row(option.valueName.map { "--\(option.name) <\($0)>" } ?? "--\(option.name)", option.help)
        }
        out += row("-h, --help", GlobalOptions.help.help)
        if !command.subcommands.isEmpty {
            out += "\nSUBCOMMANDS:\n"
            for sub in command.subcommands {
                out += row(sub.name, sub.abstract)
            }
            out += "\n  See '\(path.first ?? "archivist") help \((path.dropFirst() + ["<subcommand>"]).joined(separator: " "))' for detailed help.\n"
        }
        return out
    }

    /// One aligned row: the name in a 26-column field, the help wrapped at 100 columns.
    private static func row(_ name: String, _ help: String) -> String {
        let indent = String(repeating: " ", count: 28)
        var lines: [String] = []
        var line = ""
        for word in help.split(separator: " ") {
            if !line.isEmpty && line.count + word.count + 1 > 72 {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        let head = "  " + name
        var out = head.count < 28 ? head.padding(toLength: 28, withPad: " ", startingAt: 0) + (lines.first ?? "") + "\n"
            : head + "\n" + indent + (lines.first ?? "") + "\n"
        for rest in lines.dropFirst() { out += indent + rest + "\n" }
        return out
    }
}

extension ArgumentParser {
    /// The command at a path of names, starting with the root's.
    func commandAt(_ path: [String]) throws -> Command {
        var command = root
        for name in path.dropFirst() {
            guard let sub = command.subcommands.first(where: { $0.name == name }) else { return command }
            command = sub
        }
        return command
    }
}
