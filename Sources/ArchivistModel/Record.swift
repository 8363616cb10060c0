/// The four kinds of CRM record that mail is archived to.
public enum RecordType: String, Sendable, CaseIterable, Codable, Comparable {
    case company
    case contact
    case warehouse
    case project

    public static func < (a: RecordType, b: RecordType) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A record named the way people and the CRM write it: `TYPE:ID`, as in `company:C0012`.
public struct RecordRef: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var type: RecordType
    public var id: String

    public init(type: RecordType, id: String) {
        self.type = type
        self.id = id
    }

    /// Reads `TYPE:ID`; nil when the type is unknown or the id is empty.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let type = RecordType(rawValue: parts[0].lowercased()), !parts[1].isEmpty else { return nil }
        self.init(type: type, id: String(parts[1]))
    }

    public var description: String { "\(type.rawValue):\(id)" }

    public static func < (a: RecordRef, b: RecordRef) -> Bool {
        (a.type, a.id) < (b.type, b.id)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let ref = RecordRef(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not TYPE:ID: \(text)"))
        }
        self = ref
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A CRM record: a company, contact, warehouse item or project, with everything mail can be matched
/// against and the roles that may see it.
public struct Record: Sendable, Hashable, Codable {
    public var ref: RecordRef
    /// The name people use: a company's or item's name, a contact's first and last name.
    public var name: String
    public var aliases: [String]
    /// Mail domains of a company.
    public var domains: [String]
    /// Mail addresses of a contact.
    public var emails: [String]
    /// A warehouse item's or project's code, such as `MAT-0042` or `LOM-2024-07`.
    public var code: String?
    public var taxID: String?
    /// The company a contact works for or a project is for.
    public var companyID: String?
    public var firstName: String?
    public var lastName: String?
    /// Roles that may see the record; empty means everyone.
    public var roles: [String]

    public init(ref: RecordRef, name: String, aliases: [String] = [], domains: [String] = [], emails: [String] = [],
                code: String? = nil, taxID: String? = nil, companyID: String? = nil,
                firstName: String? = nil, lastName: String? = nil, roles: [String] = []) {
        self.ref = ref
        self.name = name
        self.aliases = aliases
        self.domains = domains
        self.emails = emails
        self.code = code
        self.taxID = taxID
        self.companyID = companyID
        self.firstName = firstName
        self.lastName = lastName
        self.roles = roles
    }

    enum CodingKeys: String, CodingKey {
        case ref = "record", name, aliases, domains, emails, code
        case taxID = "tax_id"
        case companyID = "company_id"
        case firstName = "first_name"
        case lastName = "last_name"
        case roles
    }
}

/// A person who uses Archivist, with the roles that decide which records and mail they see.
public struct User: Sendable, Hashable, Codable {
    public var name: String
    public var roles: [String]
    public var isAdmin: Bool

    public init(name: String, roles: [String] = [], isAdmin: Bool = false) {
        self.name = name
        self.roles = roles
        self.isAdmin = isAdmin
    }

    enum CodingKeys: String, CodingKey {
        case name, roles
        case isAdmin = "admin"
    }
}
