import Testing
import ArchivistModel

@Suite struct TextFoldingTests {
    @Test(arguments: [
        ("Łomianki", "lomianki"), ("García", "garcia"), ("Müller", "muller"), ("ŻÓŁĆ gęślą jaźń", "zolc gesla jazn"),
        ("Straße", "strasse"), ("Ørsted", "orsted"), ("SPOSTEX S.A.", "spostex s.a."), ("Hormigón", "hormigon"),
        ("e\u{0301}", "e"), ("Ελλάδα", "ελλαδα"), ("Třinec", "trinec"), ("MAT-0042", "mat-0042"),
    ])
    func folds(text: String, folded: String) {
        #expect(TextFolding.fold(text) == folded)
    }
}
