/// Settings as text by key; the service knows their meaning and defaults.
public struct SettingStore {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func value(_ key: String) throws -> String? {
        try database.queryFirst("SELECT value FROM setting WHERE key = ?", .text(key)) { $0.string(0) }
    }

    public func set(_ key: String, _ value: String?) throws {
        if let value {
            try database.run("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", .text(key), .text(value))
        } else {
            try database.run("DELETE FROM setting WHERE key = ?", .text(key))
        }
    }
}
