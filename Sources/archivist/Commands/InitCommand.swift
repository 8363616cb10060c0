import ArchivistCore

extension Commands {
    static let initialize = Command(
        name: "init",
        abstract: "Create the database, or migrate it to this program's schema.",
        discussion: "Every command migrates the database when it opens it; init does only that, and says where the database is."
    ) { invocation in
        let service = try ArchiveService(databasePath: invocation.databasePath)
        Output.print("Database \(service.database.path) is ready (schema version \(try service.database.schemaVersion())).")
    }
}
