import ArchivistCore

extension Commands {
    static let initialize = Command(
        name: "init",
        abstract: "Create the database, or migrate it to this program's schema, and optionally its first administrator.",
        discussion: """
            Every command migrates the database when it opens it; init does only that, and says where \
            the database is. Until the database has a user, whoever runs archivist may do everything; \
            after 'init --admin NAME', commands act as --as NAME or $ARCHIVIST_USER.
            """,
        options: [.init(name: "admin", valueName: "name", help: "Create this administrator (the first one, or another when an administrator asks).")]
    ) { invocation in
        let service = try invocation.service()
        if let admin = invocation.value("admin") {
            let user = try service.initialize(admin: admin)
            Output.print("Administrator '\(user.name)' created; act as them with --as \(user.name) or ARCHIVIST_USER=\(user.name).")
        }
        Output.print("Database \(service.database.path) is ready (schema version \(try service.database.schemaVersion())).")
    }
}
