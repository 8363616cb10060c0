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

/// One batch of an import, read and parsed, on its way to be stored.
private struct ImportBatch: Sendable {
    var size: Int
    /// Messages of the batch that the folder delivered before.
    var alreadyStored = 0
    var withDefects = 0
    /// The others, and what reading them gave.
    var pending: [LocalMessage] = []
    var loaded: [Result<IncomingMessage, ArchivistError>] = []

    init(size: Int) {
        self.size = size
    }
}

/// Imports mail from disk into the queue of a local source.
///
/// Messages are read, digested and parsed on all cores a batch ahead of the batch being stored;
/// each batch is stored in one transaction with its arrivals: a crash loses at most the batches
/// in flight, and a rerun stores nothing twice (the content is keyed by its digest, the arrival by
/// source, folder and item).
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
        // What each folder delivered before, so a repeated import reads none of it again.
        var known: [String: [String: Int]] = [:]
        for folder in Set(found.map(\.folder)) {
            known[folder] = try store.knownItems(sourceID: sourceID, folder: folder)
        }
        let batchSize = self.batchSize
        let seen = known
        var done = 0
        // One thread reads and parses each batch while this one stores the batch before.
        _ = try pipelined(produce: { deliver in
            var start = 0
            while start < found.count {
                let batch = found[start..<min(start + batchSize, found.count)]
                start += batch.count
                var batchDone = ImportBatch(size: batch.count)
                for message in batch {
                    if let item = message.item, let defects = seen[message.folder]?[item] {
                        batchDone.alreadyStored += 1
                        if defects > 0 { batchDone.withDefects += 1 }
                    } else {
                        batchDone.pending.append(message)
                    }
                }
                batchDone.loaded = batchDone.pending.parallelMap(Self.load)
                try deliver(batchDone)
            }
        }, consume: { (batch: ImportBatch) in
            report.alreadyStored += batch.alreadyStored
            report.withDefects += batch.withDefects
            try store.database.transaction {
                for (message, result) in zip(batch.pending, batch.loaded) {
                    switch result {
                    case let .failure(error):
                        report.failures.append(error.message)
                    case let .success(incoming):
                        let item = message.item ?? MessageDigest.hex(incoming.sha256)
                        // The same item twice in one import (a Maildir entry in both cur and new).
                        if let defects = known[message.folder]?[item] {
                            report.alreadyStored += 1
                            if defects > 0 { report.withDefects += 1 }
                            continue
                        }
                        switch try store.store(incoming, sourceID: sourceID, folder: message.folder, item: item) {
                        case .stored: report.new += 1
                        case .alreadyStored: report.alreadyStored += 1
                        }
                        if !incoming.parsed.defects.isEmpty { report.withDefects += 1 }
                        known[message.folder]?[item] = incoming.parsed.defects.count
                    }
                }
            }
            done += batch.size
            progress(done, found.count)
            return true
        })
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
