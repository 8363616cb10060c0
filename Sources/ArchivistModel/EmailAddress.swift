/// What Archivist reads from an email address's text.
public enum EmailAddress {
    /// The domain, lower-cased: "budowex.pl" of "Jan@Budowex.PL"; the whole text, lower-cased,
    /// when it has no "@".
    public static func domain(of address: String) -> String {
        address.split(separator: "@").last.map { $0.lowercased() } ?? ""
    }
}
