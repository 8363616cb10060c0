import ArchivistCore

extension Commands {
    static let settings = Command(
        name: "settings",
        abstract: "Read and change settings.",
        subcommands: [settingsGet, settingsSet],
        usesDatabase: false
    )

    static let settingsGet = Command(
        name: "get",
        abstract: "Print one setting, or all of them with their defaults.",
        arguments: [.init(name: "key", help: "The setting to print.", isOptional: true)],
        options: [.init(name: "json", help: "Print JSON.")]
    ) { invocation in
        let service = try invocation.service()
        if let key = invocation.arguments.first {
            let value = try service.setting(key)
            if invocation.flag("json") { try Output.json([key: value]) } else { Output.print(value) }
            return
        }
        let all = try service.settings()
        if invocation.flag("json") {
            try Output.json(Dictionary(uniqueKeysWithValues: all.map { ($0.setting.key, $0.value) }))
        } else {
            Output.table(["KEY", "VALUE", "MEANING"], all.map { [$0.setting.key, $0.value + ($0.isDefault ? " (default)" : ""), $0.setting.help] })
        }
    }

    static let settingsSet = Command(
        name: "set",
        abstract: "Change a setting (administrators only).",
        arguments: [
            .init(name: "key", help: "The setting to change."),
            .init(name: "value", help: "The new value; leave it out to restore the default.", isOptional: true),
        ]
    ) { invocation in
        let service = try invocation.service()
        let key = invocation.arguments[0]
        try service.setSetting(key, invocation.arguments.count > 1 ? invocation.arguments[1] : nil)
        Output.print("\(key) = \(try service.setting(key))")
    }
}
