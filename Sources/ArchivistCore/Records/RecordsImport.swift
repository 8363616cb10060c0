import Foundation
import ArchivistModel
import ArchivistStore

/// What importing one CSV file did.
public struct RecordsFileReport: Sendable, Codable {
    public var file: String
    public var type: RecordType
    public var changes: RecordChanges

    enum CodingKeys: String, CodingKey {
        case file, type
        case changes = "records"
    }
}

/// Reads the CRM's CSV exports into records: one file per type, a header row, `;` between the
/// values of a multi-valued cell, and an optional `roles` column on any type.
enum RecordsCSV {
    /// The columns of each type; the first ones listed in `required` must be there.
    static let columns: [RecordType: (all: [String], required: [String])] = [
        .company: (["id", "name", "aliases", "domains", "tax_id", "roles"], ["id", "name"]),
        .contact: (["id", "first_name", "last_name", "emails", "company_id", "roles"], ["id"]),
        .warehouse: (["id", "name", "code", "aliases", "roles"], ["id", "name"]),
        .project: (["id", "name", "code", "aliases", "company_id", "roles"], ["id", "name"]),
    ]

    /// The file names a folder import looks for, in the order they are imported (companies first,
    /// so contacts and projects can refer to them).
    static let fileNames: [(String, RecordType)] = [
        ("companies.csv", .company), ("contacts.csv", .contact), ("warehouse.csv", .warehouse), ("projects.csv", .project),
    ]

    /// The type a file name stands for: `companies.csv`, `contacts.csv`, `warehouse.csv`,
    /// `projects.csv` (singular and plural both).
    static func type(ofFile path: String) -> RecordType? {
        let base = ((path as NSString).lastPathComponent as NSString).deletingPathExtension.lowercased()
        switch base {
        case "companies", "company": return .company
        case "contacts", "contact": return .contact
        case "warehouse", "warehouses", "items": return .warehouse
        case "projects", "project": return .project
        default: return nil
        }
    }

    /// Reads and checks every row of a file.
    ///
    /// - Parameter companyExists: whether a company id is known (in the database or imported
    ///   just before).
    /// - Throws: ``ArchivistError`` of kind `badInput` that names `file:line:column`.
    static func read(_ path: String, as type: RecordType, companyExists: (String) throws -> Bool) throws -> [Record] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ArchivistError(.noInput, "\(path): the file does not exist or cannot be read")
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let line = lineOfFirstInvalidUTF8(bytes)
            throw ArchivistError(.badInput, "\(path):\(line): the file is not valid UTF-8; save it as UTF-8")
        }
        let rows: [[CSVReader.Field]]
        do {
            rows = try CSVReader.rows(text)
        } catch {
            throw ArchivistError(.badInput, "\(path):\(error.line):\(error.column): \(error.reason)")
        }
        guard let header = rows.first else {
            throw ArchivistError(.badInput, "\(path): the file is empty; it needs a header row")
        }
        func fail(_ field: CSVReader.Field, _ reason: String) -> ArchivistError {
            ArchivistError(.badInput, "\(path):\(field.line):\(field.column): \(reason)")
        }
        let spec = columns[type]!
        var index: [String: Int] = [:]
        for (i, field) in header.enumerated() {
            let name = field.value.trimmingCharacters(in: .whitespaces).lowercased()
            guard spec.all.contains(name) else {
                throw fail(field, "unknown column '\(field.value)' for \(type.rawValue) records; the columns are \(spec.all.joined(separator: ","))")
            }
            guard index[name] == nil else { throw fail(field, "column '\(name)' appears twice") }
            index[name] = i
        }
        for name in spec.required where index[name] == nil {
            throw ArchivistError(.badInput, "\(path):1: the header has no '\(name)' column; \(type.rawValue) records need \(spec.required.joined(separator: ","))")
        }
        if type == .contact && index["first_name"] == nil && index["last_name"] == nil {
            throw ArchivistError(.badInput, "\(path):1: the header needs a first_name or last_name column")
        }

        var records: [Record] = []
        var seen: [String: Int] = [:]
        for row in rows.dropFirst() {
            guard row.count == header.count else {
                throw ArchivistError(.badInput, "\(path):\(row[0].line): the row has \(row.count) fields, the header \(header.count)")
            }
            func cell(_ name: String) -> CSVReader.Field? {
                index[name].map { row[$0] }
            }
            func text(_ name: String) -> String? {
                cell(name).map { $0.value.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
            }
            func list(_ name: String) -> [String] {
                (cell(name)?.value ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            let idField = cell("id")!
            guard let id = text("id") else { throw fail(idField, "the id is empty") }
            guard id.allSatisfy({ $0.isLetter || $0.isNumber || "-_./".contains($0) }) else {
                throw fail(idField, "the id '\(id)' may hold only letters, digits and - _ . /")
            }
            if let first = seen[id] { throw fail(idField, "the id \(id) appears twice (first on line \(first))") }
            seen[id] = idField.line

            var record = Record(ref: RecordRef(type: type, id: id), name: text("name") ?? "")
            record.aliases = list("aliases")
            record.code = text("code")
            record.taxID = text("tax_id")
            record.roles = list("roles")
            for role in record.roles where !role.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }) {
                throw fail(cell("roles")!, "'\(role)' is not a valid role name: use letters, digits and . _ -")
            }
            switch type {
            case .contact:
                record.firstName = text("first_name")
                record.lastName = text("last_name")
                record.name = [record.firstName, record.lastName].compactMap { $0 }.joined(separator: " ")
                guard !record.name.isEmpty else { throw fail(cell("first_name") ?? cell("last_name")!, "the contact has neither a first nor a last name") }
                record.emails = list("emails").map { $0.lowercased() }
                for email in record.emails where !isAddress(email) {
                    throw fail(cell("emails")!, "'\(email)' is not an email address")
                }
            case .company:
                record.domains = list("domains").map { $0.lowercased() }
                for domain in record.domains where !isDomain(domain) {
                    throw fail(cell("domains")!, "'\(domain)' is not a mail domain (write example.com, without @)")
                }
            case .warehouse, .project:
                break
            }
            if type != .contact, record.name.isEmpty { throw fail(cell("name")!, "the name is empty") }
            if let companyField = cell("company_id"), let companyID = text("company_id") {
                guard try companyExists(companyID) else {
                    throw fail(companyField, "no company has the id \(companyID); import companies.csv first")
                }
                record.companyID = companyID
            }
            records.append(record)
        }
        return records
    }

    static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && isDomain(String(parts[1])) && !text.contains(where: \.isWhitespace)
    }

    static func isDomain(_ text: String) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } }
    }

    private static func lineOfFirstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var line = 1
        var start = 0
        for (i, byte) in bytes.enumerated() where byte == 0x0A {
            if String(validating: bytes[start..<i], as: UTF8.self) == nil { return line }
            line += 1
            start = i + 1
        }
        return line
    }
}

extension ArchiveService {
    /// Imports records from CSV files, or from the four files a folder holds (administrators
    /// only). Each file is checked whole before anything of it is written, and written in one
    /// transaction.
    ///
    /// - Parameter type: the type of every file, instead of taking it from the file names.
    public func importRecords(_ paths: [String], type: RecordType?) throws -> [RecordsFileReport] {
        try requireAdmin("import records")
        var files: [(String, RecordType)] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ArchivistError(.noInput, "\(path): no such file or folder")
            }
            if isDirectory.boolValue {
                let found = RecordsCSV.fileNames.filter { FileManager.default.fileExists(atPath: path + "/" + $0.0) }
                guard !found.isEmpty else {
                    throw ArchivistError(.noInput, "\(path): the folder holds none of \(RecordsCSV.fileNames.map(\.0).joined(separator: ", "))")
                }
                files += found.map { (path + "/" + $0.0, type ?? $0.1) }
            } else {
                guard let fileType = type ?? RecordsCSV.type(ofFile: path) else {
                    throw ArchivistError(.badInput, "\(path): cannot tell the record type from the file name; give --type company|contact|warehouse|project")
                }
                files.append((path, fileType))
            }
        }
        var reports: [RecordsFileReport] = []
        for (path, fileType) in files {
            let records = try RecordsCSV.read(path, as: fileType) { id in
                try recordStore.exists(RecordRef(type: .company, id: id))
            }
            let changes = try database.transaction { try recordStore.upsert(records) }
            reports.append(RecordsFileReport(file: path, type: fileType, changes: changes))
        }
        return reports
    }

    /// The records the acting user may see, each with the number of messages attached that they
    /// may read.
    public func listRecords(type: RecordType?) throws -> [(record: Record, messages: Int)] {
        try recordStore.list(type: type, for: try viewer())
    }

    /// One record, when the acting user may see it.
    public func record(_ ref: RecordRef) throws -> Record {
        guard let found = try recordStore.record(ref, for: try viewer()) else {
            throw ArchivistError(.notFound, "record \(ref) not found")
        }
        return found.record
    }
}
