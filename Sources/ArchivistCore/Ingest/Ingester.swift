import Foundation
import ArchivistMail
import ArchivistStore

/// What an import did.
public struct IngestReport: Sendable, Codable {
    /// Messages seen in the given paths.
    public var messages = 0
    /// Messages whose content was stored for the first time.
    public var new = 0
    /// Messages whose content was stored already (from this or another source).
    public var alreadyStored = 0
    /// Messages with at least one defect, new or not.
    public var withDefects = 0
    /// Files that could not be read, each with the reason; nothing of them was stored.
    public var failures: [String] = []
    /// What the queue purge after the import removed.
    public var purged = PurgeReport()

    public init() {}

    enum CodingKeys: String, CodingKey {
        case messages, new
        case alreadyStored = "already_stored"
        case withDefects = "with_defects"
        case failures, purged
    }
}

/// Imports mail from disk into the queue of a local source.
///
/// Messages are read, digested and parsed on all cores, then stored in batches, each batch in one
/// transaction with its arrivals: a crash loses at most the batch in flight, and a rerun stores
/// nothing twice (the content is keyed by its digest, the arrival by source, folder and item).
public struct Ingester {
    public let store: MailStore
    /// Messages per transaction.
    public var batchSize = 256

    public init(store: MailStore) {
        self.store = store
    }

    /// Imports every message under `paths` into the queue of a source.
    ///
    /// - Parameter progress: called after each batch with the messages done and the total.
    /// - Throws: ``ArchivistError`` when a path does not exist, or a database error.
    public func ingest(paths: [String], sourceID: Int64, progress: (Int, Int) -> Void = { _, _ in }) throws -> IngestReport {
        let found = try LocalMail.discover(paths)
        var report = IngestReport()
        report.messages = found.count
        var known: [String: [String: Int]] = [:]
        var done = 0
        var start = 0
        while start < found.count {
            let batch = Array(found[start..<min(start + batchSize, found.count)])
            start += batch.count
            var pending: [LocalMessage] = []
            for message in batch {
                if known[message.folder] == nil {
                    known[message.folder] = try store.knownItems(sourceID: sourceID, folder: message.folder)
                }
                if let item = message.item, let defects = known[message.folder]?[item] {
                    report.alreadyStored += 1
                    if defects > 0 { report.withDefects += 1 }
                } else {
                    pending.append(message)
                }
            }
            let loaded = pending.parallelMap(Self.load)
            try store.database.transaction {
                for (message, result) in zip(pending, loaded) {
                    switch result {
                    case let .failure(error):
                        report.failures.append(error.message)
                    case let .success(incoming):
                        let item = message.item ?? MessageDigest.hex(incoming.sha256)
                        let outcome = try store.store(incoming, sourceID: sourceID, folder: message.folder, item: item)
                        switch outcome {
                        case .stored: report.new += 1
                        case .alreadyStored: report.alreadyStored += 1
                        }
                        if !incoming.parsed.defects.isEmpty { report.withDefects += 1 }
                        known[message.folder]?[item] = incoming.parsed.defects.count
                    }
                }
            }
            done += batch.count
            progress(done, found.count)
        }
        return report
    }

    /// Reads, parses and digests one message; runs on any thread.
    @Sendable
    private static func load(_ message: LocalMessage) -> Result<IncomingMessage, ArchivistError> {
        do {
            let raw = try LocalMail.read(message)
            return .success(IncomingMessage(raw: raw, parsed: MIMEParser.parse(raw)))
        } catch let error as ArchivistError {
            return .failure(error)
        } catch {
            return .failure(ArchivistError(.ioError, "\(message.displayPath): \(error)"))
        }
    }
}
