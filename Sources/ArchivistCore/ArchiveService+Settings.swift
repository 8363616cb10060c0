import Foundation
import ArchivistStore

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

    public static let all: [Setting] = [queueRetentionDays]
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
