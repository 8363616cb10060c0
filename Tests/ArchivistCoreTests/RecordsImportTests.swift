import Foundation
import Testing
import ArchivistModel
import ArchivistTestSupport
@testable import ArchivistCore

@Suite struct RecordsImportTests {
    @Test func aFolderImportsItsFourFilesAndAReimportChangesNothing() throws {
        let fixture = try ArchiveFixture(messages: 0, records: false)
        let admin = try fixture.service()
        let first = try admin.importRecords([packageRoot + "/fixtures/records"], type: nil)
        #expect(first.map(\.type) == [.company, .contact, .warehouse, .project])
        #expect(first.allSatisfy { $0.changes.added > 0 && $0.changes.updated == 0 })
        let again = try admin.importRecords([packageRoot + "/fixtures/records"], type: nil)
        #expect(again.allSatisfy { $0.changes.added == 0 && $0.changes.updated == 0 && $0.changes.unchanged > 0 })

        let company = try admin.record(RecordRef("company:C0001")!)
        #expect(!company.name.isEmpty)
        #expect(!company.domains.isEmpty)
    }

    @Test func reimportUpdatesByIDAndQuotedFieldsFollowRFC4180() throws {
        let fixture = try ArchiveFixture(messages: 0, records: false)
        let admin = try fixture.service()
        let v1 = try fixture.write("companies.csv", "id,name,aliases,domains,tax_id\r\nX1,Alpha,,alpha.pl,\r\nX2,Beta,,,\r\n")
        #expect(try admin.importRecords([v1], type: nil).first?.changes == changes(added: 2))
        let v2 = try fixture.write("companies.csv", """
            id,name,aliases,domains,tax_id
            X1,"Alpha, ""the first"" S.A.",Alfa;  Alpha SA ,alpha.pl; alpha.com,PL123
            X2,Beta,,,
            X3,"Gamma
            Two Lines",,,

            """)
        #expect(try admin.importRecords([v2], type: nil).first?.changes == changes(added: 1, updated: 1, unchanged: 1))
        let alpha = try admin.record(RecordRef("company:X1")!)
        #expect(alpha.name == "Alpha, \"the first\" S.A.")
        #expect(alpha.aliases == ["Alfa", "Alpha SA"])
        #expect(alpha.domains == ["alpha.pl", "alpha.com"])
        #expect(alpha.taxID == "PL123")
        #expect(try admin.record(RecordRef("company:X3")!).name == "Gamma\nTwo Lines")
    }

    @Test(arguments: [
        ("id,name,aliases,domains,tax_id\nC1,Alpha,,alpha.pl,\nC2,,,,\n", "companies.csv:3:4: the name is empty"),
        ("id,name,aliases,domains,tax_id\nC1,Alpha,,alpha.pl,\nC1,Again,,,\n", "companies.csv:3:1: the id C1 appears twice (first on line 2)"),
        ("id,name,aliases,domain,tax_id\n", "companies.csv:1:17: unknown column 'domain'"),
        ("id,aliases\n", "companies.csv:1: the header has no 'name' column"),
        ("id,name,aliases,domains,tax_id\nC1,Alpha,,@alpha.pl,\n", "companies.csv:2:11: '@alpha.pl' is not a mail domain"),
        ("id,name,aliases,domains,tax_id\nC1,Alpha,,\n", "companies.csv:2: the row has 4 fields, the header 5"),
        ("id,name,aliases,domains,tax_id\nC1,\"Alpha\" SA,,,\n", "companies.csv:2:11: a closing quote must end the field"),
        ("id,name,aliases,domains,tax_id\nC1,\"Alpha,,,\n", "companies.csv:2:4: a quoted field is not closed"),
        ("id,name,aliases,domains,tax_id,roles\nC1,Alpha,,,,sales;bad role\n", "companies.csv:2:13: 'bad role' is not a valid role name"),
    ])
    func aBadRowNamesFileLineAndColumnAndNothingIsWritten(csv: String, expected: String) throws {
        let fixture = try ArchiveFixture(messages: 0, records: false)
        let path = try fixture.write("companies.csv", csv)
        #expect {
            _ = try fixture.service().importRecords([path], type: nil)
        } throws: { error in
            (error as? ArchivistError)?.kind == .badInput && "\(error)".contains(fixture.dir.path + "/" + expected)
        }
        #expect(try fixture.service().listRecords(type: nil).isEmpty, "nothing of the file was written")
    }

    @Test func contactsNeedAKnownCompanyAndValidEmails() throws {
        let fixture = try ArchiveFixture(messages: 0, records: false)
        let admin = try fixture.service()
        let contacts = try fixture.write("people.csv", "id,first_name,last_name,emails,company_id\nK1,Ana,García,ANA@Garcia.es,C404\n")
        #expect(throws: ArchivistError.self) { try admin.importRecords([contacts], type: nil) }
        do {
            _ = try admin.importRecords([contacts], type: .contact)
            Issue.record("an unknown company was accepted")
        } catch {
            #expect("\(error)".contains("people.csv:2:29: no company has the id C404"))
        }
        _ = try admin.importRecords([try fixture.write("companies.csv", "id,name\nC404,Found\n")], type: nil)
        _ = try admin.importRecords([contacts], type: .contact)
        let ana = try admin.record(RecordRef("contact:K1")!)
        #expect(ana.name == "Ana García")
        #expect(ana.emails == ["ana@garcia.es"])
    }

    @Test func onlyAdministratorsImport() throws {
        let fixture = try ArchiveFixture(messages: 0, records: false)
        _ = try fixture.service().addUser("clerk", roles: [], isAdmin: false)
        #expect {
            _ = try fixture.service(as: "clerk").importRecords([packageRoot + "/fixtures/records"], type: nil)
        } throws: { error in
            (error as? ArchivistError)?.kind == .permissionDenied && "\(error)".contains("only an administrator may import records")
        }
    }

    private func changes(added: Int = 0, updated: Int = 0, unchanged: Int = 0) -> ArchivistStore.RecordChanges {
        var c = ArchivistStore.RecordChanges()
        c.added = added
        c.updated = updated
        c.unchanged = unchanged
        return c
    }
}

import ArchivistStore
