import ArchivistCore
import ArchivistModel

extension Commands {
    static let users = Command(
        name: "users",
        abstract: "Add, change and list the people who use Archivist and their roles.",
        discussion: "Roles decide which records, and so which archived mail, a user sees. Only administrators add or change users.",
        subcommands: [usersAdd, usersEdit, usersList],
        usesDatabase: false
    )

    static let usersAdd = Command(
        name: "add",
        abstract: "Add a user.",
        arguments: [.init(name: "name", help: "The user's name: letters, digits and . _ - @.")],
        options: [
            .init(name: "roles", valueName: "a,b", help: "The user's roles, comma-separated."),
            .init(name: "admin", help: "Make the user an administrator."),
        ]
    ) { invocation in
        let user = try invocation.service().addUser(invocation.arguments[0], roles: invocation.list("roles") ?? [], isAdmin: invocation.flag("admin"))
        Output.print("User '\(user.name)' added\(user.isAdmin ? " as an administrator" : "")\(user.roles.isEmpty ? "" : " with roles " + user.roles.joined(separator: ","))).")
    }

    static let usersEdit = Command(
        name: "edit",
        abstract: "Change a user's roles or administrator status.",
        arguments: [.init(name: "name", help: "The user to change.")],
        options: [
            .init(name: "roles", valueName: "a,b", help: "The user's new roles, comma-separated; empty removes all."),
            .init(name: "admin", valueName: "yes|no", help: "Whether the user is an administrator."),
        ]
    ) { invocation in
        var admin: Bool?
        if let value = invocation.value("admin") {
            guard let parsed = ["yes": true, "no": false][value.lowercased()] else {
                throw UsageError(message: "--admin takes yes or no, not '\(value)'", path: invocation.path)
            }
            admin = parsed
        }
        let user = try invocation.service().editUser(invocation.arguments[0], roles: invocation.list("roles"), isAdmin: admin)
        Output.print("User '\(user.name)': \(user.isAdmin ? "administrator" : "not an administrator"), roles \(user.roles.isEmpty ? "(none)" : user.roles.joined(separator: ","))")
    }

    static let usersList = Command(
        name: "list",
        abstract: "List users with their roles.",
        options: [.init(name: "json", help: "Print a JSON list.")]
    ) { invocation in
        let users = try invocation.service().listUsers()
        if invocation.flag("json") {
            try Output.json(users)
        } else if users.isEmpty {
            Output.print("No users yet: create the first administrator with 'archivist init --admin NAME'.")
        } else {
            Output.table(["NAME", "ADMIN", "ROLES"], users.map { [$0.name, $0.isAdmin ? "yes" : "", $0.roles.joined(separator: ",")] })
        }
    }
}
