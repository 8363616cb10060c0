import ArchivistMail
import ArchivistModel
import ArchivistStore

/// One search result.
public struct SearchHit: Sendable, Codable {
    public var message: MessageSummary
    /// The records it is attached to that the searching user may see.
    public var records: [RecordRef]
    /// A passage of the text around the match, matches marked `**like this**`.
    public var snippet: String
}

extension ArchiveService {
    /// Searches subject, names and addresses, text and attachment names of the mail the acting user
    /// may read, best match first. Case and diacritics do not matter; every word must match;
    /// `word*` matches words that start with it.
    ///
    /// - Parameter record: only mail attached to this record.
    public func search(_ text: String, record: RecordRef? = nil, limit: Int = 20) throws -> [SearchHit] {
        guard let query = SearchQuery(text) else {
            throw ArchivistError(.badInput, "the search has no words to look for")
        }
        let rowID = try record.map { try visibleRecords([$0])[0].id }
        let viewer = try viewer()
        let ids = try searchIndex.search(query, record: rowID, for: viewer, limit: limit)
        return try store.summaries(ids).map { summary in
            let parsed = MIMEParser.parse(try store.raw(id: summary.id) ?? [])
            let body = Snippet.make(parsed.text, terms: query.terms, prefixes: query.prefixes)
            let snippet = body.contains("**") ? body : Snippet.make((parsed.subject ?? "") + " — " + parsed.text, terms: query.terms, prefixes: query.prefixes)
            return SearchHit(message: summary, records: try archive.records(of: summary.id, for: viewer), snippet: snippet)
        }
    }
}
