import Foundation
import Testing
import ArchivistModel
import ArchivistStore
import ArchivistTestSupport
@testable import ArchivistCore

@Suite struct AccessTests {
    @Test func usersRolesAndAdministrators() throws {
        let fixture = try ArchiveFixture(messages: 2)
        let admin = try fixture.service()
        _ = try admin.addUser("clerk", roles: ["sales"], isAdmin: false)
        let clerk = try fixture.service(as: "clerk")
        #expect {
            _ = try clerk.addUser("other", roles: [], isAdmin: false)
        } throws: { error in
            (error as? ArchivistError)?.kind == .permissionDenied && "\(error)" == "only an administrator may add users; 'clerk' is not one"
        }
        #expect { try clerk.setSetting("queue-retention-days", "5") } throws: { ($0 as? ArchivistError)?.kind == .permissionDenied }
        #expect { _ = try fixture.service(as: "nobody").queue() } throws: { "\($0)".contains("unknown user 'nobody'") }
        #expect { _ = try fixture.service(as: nil).queue() } throws: { "\($0)".contains("no acting user") }
        #expect { _ = try admin.editUser("boss", roles: nil, isAdmin: false) } throws: { "\($0)".contains("last administrator") }
        #expect(try admin.editUser("clerk", roles: ["sales", "board"], isAdmin: nil).roles == ["board", "sales"])
        #expect(try clerk.listUsers().map(\.name) == ["boss", "clerk"])
    }

    @Test func aMessageThatMayNotBeReadIsNotFoundLikeOneThatDoesNotExist() throws {
        let fixture = try ArchiveFixture(messages: 2)
        let admin = try fixture.service()
        _ = try admin.addUser("clerk", roles: ["sales"], isAdmin: false)
        _ = try admin.archiveMessage("1", to: [RecordRef("company:C0001")!], roles: ["board"])
        let clerk = try fixture.service(as: "clerk")
        var hidden = "", missing = ""
        do { _ = try clerk.message("1") } catch { hidden = "\(error)" }
        do { _ = try clerk.message("1000") } catch { missing = "\(error)" }
        #expect(hidden == "message 1 not found (give a queue id or a Message-ID)")
        #expect(missing == "message 1000 not found (give a queue id or a Message-ID)")
        #expect(throws: ArchivistError.self) { try clerk.attachMessage("1", to: [RecordRef("company:C0002")!]) }
    }

    /// For random users, roles, records, restrictions, mailboxes and links, every read path returns
    /// exactly the messages the access rule allows.
    @Test(arguments: [1, 2, 3, 4, 5])
    func randomisedAccessMatchesTheRule(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let roles = ["sales", "site", "board", "hr"]
        func someRoles(_ chance: Double = 0.5) -> [String] {
            random.next() < chance ? [] : roles.filter { _ in random.next() < 0.4 }
        }
        let messageCount = 30
        let fixture = try ArchiveFixture(messages: 0, records: false)
        let admin = try fixture.service()

        // Records with random role lists.
        let recordRows = (0..<12).map { i in (id: "R\(i)", roles: someRoles()) }
        let csv = "id,name,aliases,domains,tax_id,roles\n" + recordRows.map { "\($0.id),Firma \($0.id),,,,\($0.roles.joined(separator: ";"))\n" }.joined()
        _ = try admin.importRecords([try fixture.write("companies.csv", csv)], type: nil)

        // Users: one more administrator and plain users with random roles.
        var users: [(name: String, roles: [String], admin: Bool)] = [("boss", [], true)]
        for i in 0..<6 {
            let user = (name: "u\(i)", roles: someRoles(0.2), admin: i == 0)
            _ = try admin.addUser(user.name, roles: user.roles, isAdmin: user.admin)
            users.append(user)
        }

        // Three mailboxes with random users; each message arrives in one of them, some long ago.
        let store = admin.store
        var sourceUsers: [Int64: Set<String>] = [:]
        var arrivals: [Int64: (source: Int64, fresh: Bool)] = [:]
        for s in 0..<3 {
            let source = try store.sourceID(named: "box\(s)", kind: .imap)
            let members = users.filter { _ in random.next() < 0.35 }.map(\.name)
            sourceUsers[source] = Set(members)
            for name in members {
                let id = try #require(try admin.users.user(named: name)).id
                try admin.users.addSourceUser(sourceID: source, userID: id)
            }
        }
        let sources = Array(sourceUsers.keys).sorted()
        for i in 0..<messageCount {
            let raw = sampleMessage(serial: i, body: "wspólne słowo")
            let source = sources[Int(random.next() * Double(sources.count))]
            let fresh = random.next() < 0.8
            let at = fresh ? Date() : Date().addingTimeInterval(-40 * 86_400)
            guard case let .stored(id) = try store.store(.init(raw: raw, parsed: .init()), sourceID: source, folder: "INBOX", item: "\(i)", at: at) else {
                Issue.record("message \(i) was not new"); return
            }
            arrivals[id] = (source, fresh)
        }
        try admin.database.run("DELETE FROM message_search")
        for id in arrivals.keys {
            try admin.searchIndex.index(id, SearchDocument(.init(subject: "wspólne \(id)", text: "wspólne słowo")))
        }

        // Random archive links with random restrictions.
        var links: [Int64: (records: Set<String>, roles: [String])] = [:]
        for id in arrivals.keys.sorted() where random.next() < 0.6 {
            let targets = recordRows.filter { _ in random.next() < 0.25 }.map(\.id)
            guard !targets.isEmpty else { continue }
            let restriction = someRoles(0.6)
            _ = try admin.archiveMessage(String(id), to: targets.map { RecordRef(type: .company, id: $0) }, roles: restriction)
            links[id] = (Set(targets), restriction)
        }

        // The rule, written independently of the SQL.
        let recordRoles = Dictionary(uniqueKeysWithValues: recordRows.map { ($0.id, $0.roles) })
        func sees(_ user: (name: String, roles: [String], admin: Bool), record: String) -> Bool {
            user.admin || recordRoles[record]!.isEmpty || !Set(recordRoles[record]!).isDisjoint(with: user.roles)
        }
        func mayRead(_ user: (name: String, roles: [String], admin: Bool), _ id: Int64) -> Bool {
            if user.admin { return true }
            if let link = links[id], link.records.contains(where: { sees(user, record: $0) }),
               link.roles.isEmpty || !Set(link.roles).isDisjoint(with: user.roles) {
                return true
            }
            let arrival = arrivals[id]!
            return arrival.fresh && sourceUsers[arrival.source]!.contains(user.name)
        }

        for user in users {
            let service = try fixture.service(as: user.name)
            let allowed = Set(arrivals.keys.filter { mayRead(user, $0) })
            for id in arrivals.keys {
                let shown = (try? service.message(String(id))) != nil
                #expect(shown == allowed.contains(id), "show \(id) as \(user.name)")
            }
            #expect(Set(try service.search("wspólne", limit: 1000).map(\.message.id)) == allowed, "search as \(user.name)")
            #expect(Set(try service.archivedMessages(record: nil, limit: nil).map(\.message.id)) == allowed.filter { links[$0] != nil },
                    "archives list as \(user.name)")
            let queued = Set(arrivals.keys.filter { arrivals[$0]!.fresh })
            #expect(Set(try service.queue().map(\.message.id)) == allowed.intersection(queued), "queue as \(user.name)")
            for record in recordRows {
                let ref = RecordRef(type: .company, id: record.id)
                guard sees(user, record: record.id) else {
                    #expect(throws: ArchivistError.self) { try service.archivedMessages(record: ref, limit: nil) }
                    continue
                }
                let expected = allowed.filter { links[$0]?.records.contains(record.id) == true }
                #expect(Set(try service.archivedMessages(record: ref, limit: nil).map(\.message.id)) == expected,
                        "records emails \(ref) as \(user.name)")
                #expect(try service.listRecords(type: .company).first { $0.record.ref == ref }?.messages == expected.count)
            }
            for entry in try service.archivedMessages(record: nil, limit: nil) {
                #expect(entry.records.allSatisfy { sees(user, record: $0.id) }, "a listing names only records \(user.name) may see")
            }
        }
    }
}

/// A small deterministic generator (SplitMix64) so a failing seed can be replayed.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    /// A number in [0, 1).
    mutating func next() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }
}
