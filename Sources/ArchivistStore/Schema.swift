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
            Migration(version: 2, name: "records, users and roles, the archive, settings, audit log and search", sql: """
            CREATE TABLE setting (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            );

            CREATE TABLE user (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                is_admin INTEGER NOT NULL DEFAULT 0,
                created_at INTEGER NOT NULL
            );
            CREATE TABLE user_role (
                user INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
                role TEXT NOT NULL,
                PRIMARY KEY (user, role)
            ) WITHOUT ROWID;

            -- The users of a mailbox (a source): they may read what is in its queue.
            CREATE TABLE source_user (
                source INTEGER NOT NULL REFERENCES source (id) ON DELETE CASCADE,
                user INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
                PRIMARY KEY (source, user)
            ) WITHOUT ROWID;

            CREATE TABLE record (
                id INTEGER PRIMARY KEY,
                type TEXT NOT NULL CHECK (type IN ('company', 'contact', 'warehouse', 'project')),
                crm_id TEXT NOT NULL,             -- the CRM's own id: C0012
                name TEXT NOT NULL,
                fields TEXT NOT NULL,             -- JSON of the whole record
                restricted INTEGER NOT NULL DEFAULT 0,   -- 1 when record_role lists who may see it
                updated_at INTEGER NOT NULL,
                UNIQUE (type, crm_id)
            );
            CREATE TABLE record_role (
                record INTEGER NOT NULL REFERENCES record (id) ON DELETE CASCADE,
                role TEXT NOT NULL,
                PRIMARY KEY (record, role)
            ) WITHOUT ROWID;

            -- A message is archived once; its links say to which records.
            CREATE TABLE archived (
                message INTEGER PRIMARY KEY REFERENCES message (id),
                restricted INTEGER NOT NULL DEFAULT 0,   -- 1 when archived_role lists who may read it
                archived_at INTEGER NOT NULL,
                archived_by TEXT NOT NULL
            );
            CREATE TABLE archived_role (
                message INTEGER NOT NULL REFERENCES archived (message) ON DELETE CASCADE,
                role TEXT NOT NULL,
                PRIMARY KEY (message, role)
            ) WITHOUT ROWID;
            CREATE TABLE link (
                message INTEGER NOT NULL REFERENCES archived (message),
                record INTEGER NOT NULL REFERENCES record (id),
                linked_at INTEGER NOT NULL,
                linked_by TEXT NOT NULL,
                PRIMARY KEY (message, record)
            ) WITHOUT ROWID;
            CREATE INDEX link_by_record ON link (record, linked_at);
            CREATE INDEX message_by_date ON message (date);

            CREATE TABLE audit (
                id INTEGER PRIMARY KEY,
                at INTEGER NOT NULL,
                actor TEXT NOT NULL,              -- a user name, or 'engine'
                via TEXT,                         -- the engine's rule or signal
                action TEXT NOT NULL,             -- archive, attach, roles, purge
                message INTEGER,                  -- the stored message (kept after a purge)
                message_id TEXT,                  -- its Message-ID, for reading the log later
                record TEXT,                      -- TYPE:ID
                detail TEXT
            );
            CREATE INDEX audit_by_message ON audit (message);
            CREATE INDEX audit_by_record ON audit (record);

            -- Full-text search over folded text (lower case, no diacritics); rowid = message id.
            CREATE VIRTUAL TABLE message_search USING fts5 (
                subject, addresses, body, attachments, tokenize = 'unicode61 remove_diacritics 0'
            );
            -- Messages stored before search existed, to be indexed when the program next opens.
            CREATE TABLE search_backlog (message INTEGER PRIMARY KEY);
            INSERT INTO search_backlog SELECT id FROM message;
            """),
            Migration(version: 3, name: "thread subjects and participants, and word frequencies for matching", sql: """
            ALTER TABLE message ADD COLUMN thread_subject TEXT;   -- folded, without Re:/Fwd: prefixes
            ALTER TABLE message ADD COLUMN participants TEXT;     -- lower-cased addresses, space-separated
            CREATE INDEX message_by_thread_subject ON message (thread_subject);

            -- Messages whose derived data (search entry, thread columns) is to be computed again.
            CREATE TABLE derive_backlog (message INTEGER PRIMARY KEY);
            INSERT INTO derive_backlog SELECT id FROM message;
            DROP TABLE search_backlog;

            -- How many messages use each word, read from the search index.
            CREATE VIRTUAL TABLE message_vocabulary USING fts5vocab (message_search, 'row');
            """),
            Migration(version: 4, name: "record fields in columns, read without decoding JSON", sql: """
            ALTER TABLE record ADD COLUMN aliases TEXT NOT NULL DEFAULT '';   -- values joined by U+001F
            ALTER TABLE record ADD COLUMN domains TEXT NOT NULL DEFAULT '';
            ALTER TABLE record ADD COLUMN emails TEXT NOT NULL DEFAULT '';
            ALTER TABLE record ADD COLUMN code TEXT;
            ALTER TABLE record ADD COLUMN tax_id TEXT;
            ALTER TABLE record ADD COLUMN company_id TEXT;
            ALTER TABLE record ADD COLUMN first_name TEXT;
            ALTER TABLE record ADD COLUMN last_name TEXT;
            UPDATE record SET
                aliases = COALESCE((SELECT group_concat(value, char(31)) FROM json_each(fields, '$.aliases')), ''),
                domains = COALESCE((SELECT group_concat(value, char(31)) FROM json_each(fields, '$.domains')), ''),
                emails = COALESCE((SELECT group_concat(value, char(31)) FROM json_each(fields, '$.emails')), ''),
                code = json_extract(fields, '$.code'),
                tax_id = json_extract(fields, '$.tax_id'),
                company_id = json_extract(fields, '$.company_id'),
                first_name = json_extract(fields, '$.first_name'),
                last_name = json_extract(fields, '$.last_name');
            ALTER TABLE record DROP COLUMN fields;
            """),
            Migration(version: 5, name: "common words learned from the stored mail", sql: """
            -- Words used by many stored messages, read from the search index after imports; a
            -- name made only of them is weak evidence.
            CREATE TABLE common_word (word TEXT PRIMARY KEY) WITHOUT ROWID;
            """),
            Migration(version: 6, name: "the last rules set that loaded", sql: """
            -- The files of the last rules set that loaded without errors: it stays active while the
            -- rules directory has errors.
            CREATE TABLE rules_snapshot (
                file TEXT PRIMARY KEY,
                text TEXT NOT NULL,
                saved_at INTEGER NOT NULL
            );
            """),
            Migration(version: 7, name: "the engine's decisions and the review queue", sql: """
            -- What matching decided for each message, so a second run changes nothing.
            CREATE TABLE match_decision (
                message INTEGER PRIMARY KEY REFERENCES message (id),
                outcome TEXT NOT NULL CHECK (outcome IN ('auto', 'review', 'ignored', 'none')),
                decided_at INTEGER NOT NULL
            );
            -- One item per message whose candidates a person should confirm.
            CREATE TABLE review_item (
                id INTEGER PRIMARY KEY,
                message INTEGER NOT NULL UNIQUE REFERENCES message (id),
                candidates TEXT NOT NULL,         -- JSON list of the engine's candidates
                status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected', 'skipped')),
                created_at INTEGER NOT NULL,
                decided_at INTEGER,
                decided_by TEXT
            );
            CREATE INDEX review_item_by_status ON review_item (status, id);
            """),
            Migration(version: 8, name: "what reviewers taught the engine", sql: """
            -- Per sender and record: how often reviewers chose the record, and how often they turned
            -- it down when the engine proposed it.
            CREATE TABLE review_feedback (
                sender TEXT NOT NULL,             -- lower-cased From address
                record TEXT NOT NULL,             -- TYPE:ID
                chosen INTEGER NOT NULL DEFAULT 0,
                declined INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (sender, record)
            ) WITHOUT ROWID;
            """),
            Migration(version: 9, name: "IMAP accounts", sql: """
            -- An IMAP mailbox: a source of kind 'imap'. Secrets are sealed (libsodium secretbox).
            CREATE TABLE account (
                source INTEGER PRIMARY KEY REFERENCES source (id),
                settings TEXT NOT NULL,           -- JSON of the account, without secrets
                secret BLOB,                      -- sealed password or OAuth2 client secret
                refresh_token BLOB,               -- sealed OAuth2 refresh token
                last_check INTEGER
            );
            """),
            Migration(version: 10, name: "IMAP folders, arrival times and OAuth2 access tokens", sql: """
            -- Where each folder of an IMAP account stands: what was fetched of it, under which
            -- UIDVALIDITY, and what the server said of it at the last check.
            CREATE TABLE imap_folder (
                source INTEGER NOT NULL REFERENCES source (id),
                folder TEXT NOT NULL,             -- the name as people read it (modified UTF-7 decoded)
                uid_validity INTEGER NOT NULL,
                last_uid INTEGER NOT NULL DEFAULT 0,  -- every message up to this UID is stored
                special_use TEXT,                 -- \\Sent, \\Trash, ... when the server says
                skipped INTEGER NOT NULL DEFAULT 0,
                unseen INTEGER,                   -- unread messages on the server at the last check
                checked_at INTEGER,
                PRIMARY KEY (source, folder)
            ) WITHOUT ROWID;
            -- When the message reached the mailbox (IMAP INTERNALDATE), where known.
            ALTER TABLE arrival ADD COLUMN received_at INTEGER;
            ALTER TABLE account ADD COLUMN access_token BLOB;      -- sealed OAuth2 access token
            ALTER TABLE account ADD COLUMN access_expires INTEGER; -- Unix seconds
            ALTER TABLE account ADD COLUMN last_error TEXT;        -- why the last check failed, if it did
            """),
    ]
}
