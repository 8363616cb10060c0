import ArchivistMail
import ArchivistModel

/// The folded text of a message as the search index holds it.
public struct SearchDocument: Sendable, Equatable {
    public var subject: String
    public var addresses: String
    public var body: String
    public var attachments: String

    /// Folds what people search for: subject, names and addresses, the text (with that of
    /// forwarded messages) and attachment names.
    public init(_ parsed: ParsedMessage) {
        func addresses(_ m: ParsedMessage) -> [String] {
            (m.from + m.to + m.cc + m.replyTo).map { [$0.name, $0.address].compactMap { $0 }.joined(separator: " ") }
        }
        func attachments(_ m: ParsedMessage) -> [String] {
            m.attachments.compactMap(\.filename) + m.embedded.flatMap(attachments)
        }
        func body(_ m: ParsedMessage) -> [String] {
            [m.text] + m.embedded.flatMap { [$0.subject ?? ""] + addresses($0) + body($0) }
        }
        subject = TextFolding.fold(parsed.subject ?? "")
        self.addresses = TextFolding.fold(addresses(parsed).joined(separator: "\n"))
        self.body = TextFolding.fold(body(parsed).joined(separator: "\n"))
        self.attachments = TextFolding.fold(attachments(parsed).joined(separator: "\n"))
    }
}

/// A search query as FTS5 reads it: each word the person typed, folded, as a quoted phrase, all of
/// which must match. A trailing `*` keeps prefix search.
public struct SearchQuery: Sendable, Equatable {
    /// The folded words, for highlighting.
    public var terms: [String]
    /// Which of ``terms`` match any word that starts with them (typed with a trailing `*`).
    public var prefixes: Set<String>
    public var fts: String

    /// nil when the query has no words.
    public init?(_ text: String) {
        var terms: [String] = []
        var prefixes: Set<String> = []
        var phrases: [String] = []
        for word in text.split(whereSeparator: \.isWhitespace) {
            var folded = TextFolding.fold(String(word))
            let prefix = folded.hasSuffix("*")
            while folded.hasSuffix("*") { folded.removeLast() }
            guard folded.contains(where: { $0.isLetter || $0.isNumber }) else { continue }
            terms.append(folded)
            if prefix { prefixes.insert(folded) }
            phrases.append("\"" + folded.replacingOccurrences(of: "\"", with: "\"\"") + "\"" + (prefix ? " *" : ""))
        }
        guard !phrases.isEmpty else { return nil }
        self.terms = terms
        self.prefixes = prefixes
        fts = phrases.joined(separator: " AND ")
    }
}

/// The full-text index (SQLite FTS5) over folded text; rowid is the stored message's id.
public struct SearchIndex {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func index(_ messageID: Int64, _ document: SearchDocument) throws {
        try database.run("DELETE FROM message_search WHERE rowid = ?", .integer(messageID))
        try database.run("INSERT INTO message_search (rowid, subject, addresses, body, attachments) VALUES (?, ?, ?, ?, ?)",
                         .integer(messageID), .text(document.subject), .text(document.addresses), .text(document.body), .text(document.attachments))
    }

    public func remove(_ messageID: Int64) throws {
        try database.run("DELETE FROM message_search WHERE rowid = ?", .integer(messageID))
    }

    /// The words learned to be common, as last refreshed.
    public func commonWords() throws -> Set<String> {
        Set(try database.query("SELECT word FROM common_word") { $0.string(0) })
    }

    /// Relearns the common words, those used by more than `fraction` of the indexed messages, when
    /// there are at least `minimum` messages and their number changed by a quarter since the last
    /// time (the vocabulary scan takes seconds on a large archive, so it is not done on every call).
    public func refreshCommonWords(fraction: Double, minimum: Int) throws {
        let count = try database.queryFirst("SELECT COUNT(*) FROM message") { $0.int(0) } ?? 0
        let last = try database.queryFirst("SELECT value FROM setting WHERE key = 'internal.common-words-messages'") { Int($0.string(0)) ?? 0 } ?? 0
        guard count >= minimum, last == 0 || count * 4 > last * 5 || count * 5 < last * 4 else { return }
        try database.transaction {
            try database.run("DELETE FROM common_word")
            try database.run("INSERT INTO common_word (word) SELECT term FROM message_vocabulary WHERE doc > ?", .integer(Int64(Double(count) * fraction)))
            try database.run("INSERT INTO setting (key, value) VALUES ('internal.common-words-messages', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                             .text(String(count)))
        }
    }

    /// The ids of matching messages the viewer may read, best first (BM25; the subject weighs most,
    /// then names and addresses, attachment names, and the text).
    ///
    /// The ranking runs first, without the access check; the check then runs on the best
    /// candidates in rank order, a batch at a time, until `limit` are found. A query that matches
    /// much of the archive so checks a few rows, not every match.
    ///
    /// - Parameter record: only messages attached to this record (its row id).
    public func search(_ query: SearchQuery, record: Int64?, for viewer: Viewer, limit: Int) throws -> [Int64] {
        // Most candidates are usually visible: rank a few times the limit first, and everything
        // only when that was not enough.
        var window = viewer.seesEverything ? limit : max(limit * 5, 100)
        while true {
            let ranked = try ranked(query, record: record, limit: window)
            if viewer.seesEverything { return ranked }
            let found = try visible(ranked, to: viewer, limit: limit)
            if found.count >= limit || ranked.count < window || window < 0 { return found }
            window = -1
        }
    }

    private func ranked(_ query: SearchQuery, record: Int64?, limit: Int) throws -> [Int64] {
        try database.query("""
            SELECT s.rowid FROM message_search s
            WHERE message_search MATCH ?1
              AND (?2 IS NULL OR EXISTS (SELECT 1 FROM link l WHERE l.message = s.rowid AND l.record = ?2))
            ORDER BY bm25(message_search, 8.0, 4.0, 1.0, 2.0)
            LIMIT ?3
            """, .text(query.fts), record.map { .integer($0) } ?? .null, .integer(Int64(limit))) { $0.int64(0) }
    }

    /// The first `limit` of `ranked` that the viewer may read, in order, checked a batch at a time.
    private func visible(_ ranked: [Int64], to viewer: Viewer, limit: Int) throws -> [Int64] {
        try database.install(viewer)
        var found: [Int64] = []
        var start = 0
        while found.count < limit && start < ranked.count {
            let candidates = Array(ranked[start..<min(start + 64, ranked.count)])
            start += candidates.count
            let list = candidates.map(String.init).joined(separator: ",")
            let visible = Set(try database.query("SELECT m.id FROM message m WHERE m.id IN (\(list)) AND \(viewer.messageVisible("m.id"))") { $0.int64(0) })
            found += candidates.filter(visible.contains)
        }
        return Array(found.prefix(limit))
    }
}
