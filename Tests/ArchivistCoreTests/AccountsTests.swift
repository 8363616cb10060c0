import Foundation
import Testing
import ArchivistModel
import ArchivistStore
import ArchivistTestSupport
@testable import ArchivistCore

@Suite struct AccountsTests {
    @Test func addListEditRemoveAndSecretsAreSealed() throws {
        let fixture = try ArchiveFixture(messages: 0, records: false)
        let db = ["--db", fixture.path, "--as", "boss"]
        let added = try run(archivist, ["accounts", "add", "biuro", "--email", "biuro@budowex.pl", "--host", "imap.budowex.pl", "--password-stdin"] + db,
                            environment: ["ARCHIVIST_KEY_FILE": fixture.dir.file("key")], input: Data("s3cret-hasło\n".utf8))
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("biuro@budowex.pl at imap.budowex.pl:993 (ssl), users boss"))
        let list = try run(archivist, ["accounts", "list", "--json"] + db)
        #expect(list.stdout.contains("\"host\" : \"imap.budowex.pl\""))
        #expect(!list.stdout.contains("s3cret"))

        let admin = try fixture.service()
        let sealed = try #require(try AccountStore(database: admin.database).sealedSecret("biuro"))
        #expect(!String(decoding: sealed, as: UTF8.self).contains("s3cret"))
        #expect(try SecretBox(keyFile: fixture.dir.file("key")).open(sealed) == "s3cret-hasło")
        let raw = try Data(contentsOf: URL(fileURLWithPath: fixture.path))
        #expect(raw.range(of: Data("s3cret".utf8)) == nil, "the password is nowhere in the database file")

        let edited = try admin.editAccount("biuro", { var c = AccountChange(); c.security = .starttls; return c }())
        #expect(edited.security == .starttls && edited.port == 143)
        try admin.removeAccount("biuro")
        #expect(try admin.accounts().isEmpty)
    }

    @Test func theMailboxesDomainsAreOwnDomainsUnlessFreeMail() throws {
        let fixture = try ArchiveFixture(messages: 0, records: false)
        let admin = try fixture.service()
        for (name, email) in [("biuro", "biuro@budowex.pl"), ("prywatne", "jan.kowalski@gmail.com")] {
            var change = AccountChange()
            change.email = email
            change.host = "imap.example.com"
            change.secret = "secret"
            _ = try admin.addAccount(name, change)
        }
        let own = try admin.matchSettings().ownDomains
        #expect(own.contains("budowex.pl") && !own.contains("gmail.com"))
    }

    @Test func onlyAnAdministratorSetsUpAMailboxForSomeoneElse() throws {
        let fixture = try ArchiveFixture(messages: 0, records: false)
        let admin = try fixture.service()
        _ = try admin.addUser("anna", roles: [], isAdmin: false)
        _ = try admin.addUser("piotr", roles: [], isAdmin: false)
        var change = AccountChange()
        change.email = "anna@budowex.pl"
        change.host = "imap.budowex.pl"
        change.secret = "x"
        change.users = ["piotr"]
        #expect {
            _ = try fixture.service(as: "anna").addAccount("anna", change)
        } throws: { ($0 as? ArchivistError)?.kind == .permissionDenied && "\($0)".contains("only an administrator may set up a mailbox for someone else") }
        change.users = nil
        let own = try fixture.service(as: "anna").addAccount("anna", change)
        #expect(own.users == ["anna"])
        #expect(try fixture.service(as: "piotr").accounts().isEmpty)
        #expect(throws: ArchivistError.self) { try fixture.service(as: "piotr").removeAccount("anna") }
        change.users = ["anna", "piotr"]
        #expect(try admin.addAccount("shared", change).users == ["anna", "piotr"])
    }

    @Test(arguments: [
        (["--email", "nope", "--host", "h"], "'nope' is not an email address"),
        (["--email", "a@b.pl", "--host", "h", "--port", "70000"], "port 70000 is not between 1 and 65535"),
        (["--email", "a@b.pl", "--host", "h"], "give its password with --password-stdin or --password-file F"),
        (["--email", "a@b.pl", "--host", "h", "--ca-file", "/nonexistent.pem", "--password-file", "/etc/hostname"], "the CA file /nonexistent.pem cannot be read"),
        (["--email", "a@b.pl", "--host", "h", "--security", "tls"], "--security takes ssl, starttls or none"),
    ])
    func badSettingsNameTheAccountAndTheField(arguments: [String], message: String) throws {
        let fixture = try ArchiveFixture(messages: 0, records: false)
        let result = try run(archivist, ["accounts", "add", "biuro"] + arguments + ["--db", fixture.path, "--as", "boss"])
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
