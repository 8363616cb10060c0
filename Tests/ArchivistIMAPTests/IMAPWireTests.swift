import Foundation
import Testing
@testable import ArchivistIMAP

@Suite struct IMAPWireTests {
    @Test func sequenceSetsAreCompact() {
        #expect(IMAPConnection.sequenceSet([1, 2, 3, 4, 5, 7, 9, 10, 11, 12]) == "1:5,7,9:12")
        #expect(IMAPConnection.sequenceSet([42]) == "42")
        #expect(IMAPConnection.sequenceSet([]) == "")
    }

    @Test func mailboxNamesAreQuoted() {
        #expect(IMAPConnection.quoted("Projects/&AUE-omianki") == "\"Projects/&AUE-omianki\"")
        #expect(IMAPConnection.quoted("a\"b\\c") == "\"a\\\"b\\\\c\"")
    }

    @Test func responseCodesGiveTheirNumbers() {
        #expect(IMAPConnection.responseCode("[UIDVALIDITY 3857529045]", "UIDVALIDITY") == 3_857_529_045)
        #expect(IMAPConnection.responseCode("[uidnext 4392]", "UIDNEXT") == 4392)
        #expect(IMAPConnection.responseCode("[UIDNEXT 4392]", "UIDVALIDITY") == nil)
    }

    @Test func internalDatesAreRead() {
        #expect(parseInternalDate("17-Jul-1996 02:44:25 -0700") == Date(timeIntervalSince1970: 837_596_665))
        #expect(parseInternalDate(" 4-Dec-2026 10:00:00 +0000") == Date(timeIntervalSince1970: 1_796_378_400))
        #expect(parseInternalDate("yesterday") == nil)
    }

    @Test func foldersKnowTheirSpecialUseAndLeafName() {
        let folder = IMAPFolder(name: "Projects/Łomianki", wireName: "Projects/&AUE-omianki", attributes: ["\\HasNoChildren", "\\Sent"], delimiter: "/")
        #expect(folder.specialUse == "\\Sent" && folder.leafName == "Łomianki" && folder.isSelectable)
        #expect(!IMAPFolder(name: "Projects", wireName: "Projects", attributes: ["\\Noselect"], delimiter: "/").isSelectable)
    }
}
