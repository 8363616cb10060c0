import Foundation
import ArchivistCore
import ArchivistModel

extension Commands {
    static let records = Command(
        name: "records",
        abstract: "Import, list and show the CRM's records: companies, contacts, warehouse items and projects.",
        subcommands: [recordsImport, recordsList, recordsShow, recordsEmails],
        usesDatabase: false
    )

    static let recordsImport = Command(
        name: "import",
        abstract: "Import records from CSV files, or from the companies.csv, contacts.csv, warehouse.csv and projects.csv a folder holds.",
        discussion: """
            Columns: companies id,name,aliases,domains,tax_id; contacts id,first_name,last_name,emails,company_id; \
            warehouse id,name,code,aliases; projects id,name,code,aliases,company_id; and an optional roles column \
            on any (empty: everyone may see the record). Multi-valued cells are separated by ';'. A re-import \
            updates records by id. A file with a bad row is not written at all; the error names file:line:column.
            """,
        arguments: [.init(name: "path", help: "A CSV file or a folder of them.", isRepeating: true)],
        options: [
            .init(name: "type", valueName: "type", help: "The record type of every file: company, contact, warehouse or project. Defaults to the type the file name says."),
            .init(name: "json", help: "Print the report as JSON."),
        ]
    ) { invocation in
        let reports = try invocation.service().importRecords(invocation.arguments, type: try invocation.recordType("type"))
        if invocation.flag("json") {
            try Output.json(reports)
        } else {
            for report in reports {
                let c = report.changes
                Output.print("\(report.file): \(c.added) added, \(c.updated) updated, \(c.unchanged) unchanged \(report.type.rawValue) records")
            }
        }
    }

    static let recordsList = Command(
        name: "list",
        abstract: "List the records you may see, with the number of messages attached to each.",
        options: [
            .init(name: "type", valueName: "type", help: "Only records of this type."),
            .init(name: "json", help: "Print a JSON list."),
        ]
    ) { invocation in
        let records = try invocation.service().listRecords(type: try invocation.recordType("type"))
        if invocation.flag("json") {
            try Output.json(records.map { ListedRecord(record: $0.record, messages: $0.messages) })
        } else {
            Output.table(["RECORD", "MAIL", "NAME"], records.map { [$0.record.ref.description, String($0.messages), $0.record.name] })
        }
    }

    static let recordsShow = Command(
        name: "show",
        abstract: "Show one record.",
        arguments: [.init(name: "record", help: "TYPE:ID, for example company:C0012.")],
        options: [.init(name: "json", help: "Print one JSON object.")]
    ) { invocation in
        let record = try invocation.service().record(try invocation.record(invocation.arguments[0]))
        if invocation.flag("json") {
            try Output.json(record)
            return
        }
        var lines = ["\(record.ref)  \(record.name)"]
        func field(_ name: String, _ value: String?) {
            if let value, !value.isEmpty { lines.append("  \(name): \(value)") }
        }
        field("aliases", record.aliases.joined(separator: "; "))
        field("code", record.code)
        field("domains", record.domains.joined(separator: "; "))
        field("emails", record.emails.joined(separator: "; "))
        field("tax id", record.taxID)
        field("company", record.companyID.map { "company:\($0)" })
        field("roles", record.roles.isEmpty ? "everyone" : record.roles.joined(separator: ", "))
        Output.print(lines.joined(separator: "\n"))
    }

    static let recordsEmails = Command(
        name: "emails",
        abstract: "List the mail attached to a record, newest first.",
        arguments: [.init(name: "record", help: "TYPE:ID, for example project:J0003.")],
        options: [
            .init(name: "limit", valueName: "n", help: "Show at most this many messages."),
            .init(name: "json", help: "Print a JSON list."),
        ]
    ) { invocation in
        let entries = try invocation.service().archivedMessages(record: try invocation.record(invocation.arguments[0]), limit: invocation.integer("limit"))
        try printArchived(entries, invocation)
    }
}

/// A record with its mail count, as `records list --json` prints it.
struct ListedRecord: Encodable {
    var record: Record
    var messages: Int
}
