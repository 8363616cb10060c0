import ArchivistModel

extension ArchiveService {
    /// Creates the first administrator of a database that has no users; once users exist, only an
    /// administrator may add another administrator this way.
    public func initialize(admin name: String) throws -> User {
        if try users.count() > 0 {
            try requireAdmin("add an administrator")
        }
        let user = User(name: try validUserName(name), isAdmin: true)
        guard try users.add(user) else {
            throw ArchivistError(.badInput, "a user named '\(name)' exists already")
        }
        return user
    }

    /// Adds a user (administrators only).
    public func addUser(_ name: String, roles: [String], isAdmin: Bool) throws -> User {
        try requireAdmin("add users")
        let user = User(name: try validUserName(name), roles: try validRoles(roles), isAdmin: isAdmin)
        guard try users.add(user) else {
            throw ArchivistError(.badInput, "a user named '\(name)' exists already")
        }
        return user
    }

    /// Changes a user's roles or administrator flag (administrators only); nil leaves it as it is.
    public func editUser(_ name: String, roles: [String]?, isAdmin: Bool?) throws -> User {
        let actor = try requireAdmin("change users")
        guard var user = try users.user(named: name)?.user else {
            throw ArchivistError(.notFound, "user '\(name)' not found")
        }
        if let roles { user.roles = try validRoles(roles) }
        if let isAdmin {
            if !isAdmin && user.name == actor.name && user.isAdmin {
                let admins = try users.list().filter(\.isAdmin).count
                guard admins > 1 else {
                    throw ArchivistError(.badInput, "'\(name)' is the last administrator; make someone else an administrator first")
                }
            }
            user.isAdmin = isAdmin
        }
        _ = try users.update(user)
        return user
    }

    /// Every user (any user may list them: names and roles are not secret within a company).
    public func listUsers() throws -> [User] {
        _ = try actor()
        return try users.list()
    }

    private func validUserName(_ name: String) throws -> String {
        guard !name.isEmpty, name.count <= 64, name.allSatisfy({ $0.isLetter || $0.isNumber || "._-@".contains($0) }), name != "engine" else {
            throw ArchivistError(.badInput, "'\(name)' is not a valid user name: use letters, digits and . _ - @ ('engine' is reserved)")
        }
        return name
    }

    func validRoles(_ roles: [String]) throws -> [String] {
        for role in roles where role.isEmpty || !role.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }) {
            throw ArchivistError(.badInput, "'\(role)' is not a valid role name: use letters, digits and . _ -")
        }
        return Array(Set(roles)).sorted()
    }
}
