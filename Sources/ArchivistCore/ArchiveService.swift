import Foundation
import ArchivistMail
import ArchivistStore

/// The archive as the command line sees it: one database and the operations on it.
///
/// Not `Sendable`: it owns a database connection, which stays on the thread that opened it.
public final class ArchiveService {
    public let database: Database
    public let store: MailStore

    /// Opens (creating and migrating when needed) the database at `path`.
    public init(databasePath path: String) throws {
        database = try Database(path: path)
        store = MailStore(database: database)
    }

    /// The database used when neither `--db` nor `$ARCHIVIST_DB` names one:
    /// `$XDG_DATA_HOME/archivist/archivist.db`, else `~/.local/share/archivist/archivist.db`.
    public static func defaultDatabasePath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["ARCHIVIST_DB"], !path.isEmpty { return path }
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return dataHome + "/archivist/archivist.db"
    }

    /// Imports files, folders, Maildirs and mbox files into the queue of a local source.
    public func ingest(paths: [String], source: String, progress: (Int, Int) -> Void = { _, _ in }) throws -> IngestReport {
        guard !source.isEmpty else { throw ArchivistError(.badInput, "the source name must not be empty") }
        return try Ingester(store: store).ingest(paths: paths, source: source, progress: progress)
    }

    /// The queue, newest arrival first.
    public func queue(limit: Int? = nil) throws -> [QueueEntry] {
        try store.queue(limit: limit)
    }

    /// The stored message a person means by `reference`: a queue id (a number) or a Message-ID
    /// (angle brackets optional).
    ///
    /// - Throws: ``ArchivistError`` of kind `notFound` naming the reference.
    public func message(_ reference: String) throws -> StoredMessage {
        let trimmed = reference.trimmingCharacters(in: .whitespaces)
        if let id = Int64(trimmed), let message = try store.message(id: id) {
            return message
        }
        if let id = try store.messageIDs(forMessageID: trimmed).first, let message = try store.message(id: id) {
            return message
        }
        throw ArchivistError(.notFound, "message \(reference) not found (give a queue id or a Message-ID)")
    }
}
