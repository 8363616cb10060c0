/// The schema of the Archivist database, as a list of migrations. Append; never edit one that has
/// shipped.
public enum Schema {
    public static let migrations: [Migration] = [
        Migration(version: 1, name: "stored messages, sources and the queue of arrivals", sql: """
            CREATE TABLE message (
                id INTEGER PRIMARY KEY,
                sha256 BLOB NOT NULL UNIQUE,      -- of the raw bytes: the message's identity
                size INTEGER NOT NULL,            -- raw size in bytes
                raw BLOB NOT NULL,                -- the message exactly as received
                message_id TEXT,                  -- without angle brackets
                date INTEGER,                     -- the Date header, Unix seconds
                subject TEXT,
                sender TEXT NOT NULL DEFAULT '[]',   -- JSON list of From mailboxes
                defects TEXT NOT NULL DEFAULT '[]',  -- JSON list of sentences
                stored_at INTEGER NOT NULL
            );
            CREATE INDEX message_by_message_id ON message (message_id);

            CREATE TABLE source (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL CHECK (kind IN ('local', 'imap'))
            );

            -- One row each time a source delivered a message: the queue.
            CREATE TABLE arrival (
                id INTEGER PRIMARY KEY,
                message INTEGER NOT NULL REFERENCES message (id),
                source INTEGER NOT NULL REFERENCES source (id),
                folder TEXT NOT NULL,             -- a mailbox folder, a Maildir or mbox path, or a directory
                item TEXT NOT NULL,               -- an IMAP UID, a file name, or an mbox entry's digest
                fetched_at INTEGER NOT NULL,      -- Unix seconds
                UNIQUE (source, folder, item)
            );
            CREATE INDEX arrival_by_message ON arrival (message);
            CREATE INDEX arrival_by_fetched_at ON arrival (fetched_at);
            """),
    ]
}
