import ArchivistStore

extension ArchiveService {
    /// Imports files, folders, Maildirs and mbox files into the queue of a local source, then
    /// purges the queue. The acting user becomes a user of the source; a source that belongs to
    /// other users is for them or an administrator.
    public func ingest(paths: [String], source: String, progress: (Int, Int) -> Void = { _, _ in }) throws -> IngestReport {
        guard !source.isEmpty else { throw ArchivistError(.badInput, "the source name must not be empty") }
        let actor = try actor()
        let sourceID = try store.sourceID(named: source, kind: .local)
        if let userID = actor.userID {
            let sourceUsers = try database.query("SELECT user FROM source_user WHERE source = ?", .integer(sourceID)) { $0.int64(0) }
            guard actor.isAdmin || sourceUsers.isEmpty || sourceUsers.contains(userID) else {
                throw ArchivistError(.permissionDenied, "the source '\(source)' belongs to other users; only they or an administrator may import into it")
            }
            try users.addSourceUser(sourceID: sourceID, userID: userID)
        }
        var report = try Ingester(store: store).ingest(paths: paths, sourceID: sourceID, progress: progress)
        report.purged = try purgeQueue()
        try searchIndex.refreshCommonWords(fraction: 0.05, minimum: 200)
        return report
    }
}
