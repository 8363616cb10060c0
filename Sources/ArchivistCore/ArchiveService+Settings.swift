import Foundation
import ArchivistStore
import ArchivistMatching

/// A setting administrators may change, with its default and what values it takes.
public struct Setting: Sendable {
    public var key: String
    public var help: String
    public var defaultValue: String
    /// Returns the value in its stored form, or nil when it is not acceptable.
    var validate: @Sendable (String) -> String?

    public static let queueRetentionDays = Setting(
        key: "queue-retention-days", help: "Days a downloaded message stays in the queue.", defaultValue: "30",
        validate: { Int($0).flatMap { $0 >= 1 && $0 <= 36500 ? String($0) : nil } })

    public static let ownDomains = Setting(
        key: "own-domains", help: "The company's own mail domains, comma-separated: never a target; mail from them is outgoing.", defaultValue: "",
        validate: { domainList($0, wildcards: false) })

    public static let freeMailDomains = Setting(
        key: "free-mail-domains", help: "Domains that say nothing about a company, comma-separated; * stands for one label (yahoo.*).",
        defaultValue: MatchSettings.defaultFreeMailDomains.joined(separator: ","),
        validate: { domainList($0, wildcards: true) })

    public static let autoThreshold = Setting(
        key: "auto-threshold", help: "Score at or above which an unambiguous candidate is archived without asking (0-1).", defaultValue: "0.9",
        validate: { fraction($0) })

    public static let proposeThreshold = Setting(
        key: "propose-threshold", help: "Score at or above which a candidate is proposed for review (0-1).", defaultValue: "0.4",
        validate: { fraction($0) })

    public static let ambiguityMargin = Setting(
        key: "ambiguity-margin", help: "A rival of the same type within this much of a name-based candidate's score makes it ambiguous.",
        defaultValue: "0.1", validate: { fraction($0) })

    public static let rulesDirectory = Setting(
        key: "rules-dir", help: "The folder of *.rules files the engine uses (--rules DIR overrides it for one command).", defaultValue: "",
        validate: { path in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return nil }
            return URL(fileURLWithPath: path).standardizedFileURL.path
        })

    public static let all: [Setting] = [queueRetentionDays, ownDomains, freeMailDomains, autoThreshold, proposeThreshold, ambiguityMargin, rulesDirectory]

    private static func fraction(_ text: String) -> String? {
        Double(text).flatMap { (0...1).contains($0) ? String($0) : nil }
    }

    private static func domainList(_ text: String, wildcards: Bool) -> String? {
        let domains = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        for domain in domains {
            let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
            guard labels.count >= 2, labels.allSatisfy({ label in
                (wildcards && label == "*") || (!label.isEmpty && label.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" })
            }) else { return nil }
        }
        return domains.joined(separator: ",")
    }
}

extension ArchiveService {
    /// Every setting with its value (the default when none was set).
    public func settings() throws -> [(setting: Setting, value: String, isDefault: Bool)] {
        try Setting.all.map { setting in
            let stored = try settingStore.value(setting.key)
            return (setting, stored ?? setting.defaultValue, stored == nil)
        }
    }

    public func setting(_ key: String) throws -> String {
        let setting = try known(key)
        return try settingStore.value(setting.key) ?? setting.defaultValue
    }

    /// Changes a setting (administrators only); nil restores the default.
    public func setSetting(_ key: String, _ value: String?) throws {
        try requireAdmin("change settings")
        let setting = try known(key)
        guard let value else {
            try settingStore.set(setting.key, nil)
            return
        }
        guard let valid = setting.validate(value) else {
            throw ArchivistError(.badInput, "'\(value)' is not a valid value for \(key): \(setting.help)")
        }
        try settingStore.set(setting.key, valid)
    }

    private func known(_ key: String) throws -> Setting {
        guard let setting = Setting.all.first(where: { $0.key == key }) else {
            throw ArchivistError(.badInput, "unknown setting '\(key)'; known: \(Setting.all.map(\.key).joined(separator: ", "))")
        }
        return setting
    }

    /// Arrivals before this moment (Unix seconds) have left the queue.
    func queueCutoff(now: Date = Date()) throws -> Int64 {
        let days = Int(try setting(Setting.queueRetentionDays.key)) ?? 30
        return Int64(now.timeIntervalSince1970) - Int64(days) * 86_400
    }
}
