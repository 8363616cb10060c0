import Testing
@testable import ArchivistIMAP

@Suite struct ModifiedUTF7Tests {
    @Test(arguments: [
        ("INBOX", "INBOX"), ("Projects/Łomianki", "Projects/&AUE-omianki"), ("Tom & Jerry", "Tom &- Jerry"),
        ("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-"), ("Budowa Żółć", "Budowa &AXsA8wFCAQc-"), ("Entwürfe", "Entw&APw-rfe"),
    ])
    func roundTrips(name: String, wire: String) {
        #expect(ModifiedUTF7.encode(name) == wire)
        #expect(ModifiedUTF7.decode(wire) == name)
    }

    @Test func invalidInputIsRejected() {
        #expect(ModifiedUTF7.decode("&Jjo!") == nil)
        #expect(ModifiedUTF7.decode("caf\u{E9}") == nil)
    }
}
