import ArchivistModel

/// Who is reading: decides which records and messages a query may return.
///
/// Every read path builds its SQL with ``messageVisible(_:)`` or ``recordVisible(_:)``: one access
/// rule, written once. The SQL reads the viewer from temporary tables that
/// ``Database/install(_:)`` fills, so it stays the same text (and one cached statement) whoever
/// reads and whenever.
public struct Viewer: Sendable, Hashable {
    /// The user's row id, or nil for the whole-archive view (an administrator, or a database that
    /// has no users yet).
    public var userID: Int64?
    public var roles: [String]
    /// Arrivals older than this (Unix seconds) are out of the queue and no longer give access.
    public var queueCutoff: Int64

    public var seesEverything: Bool { userID == nil }

    public init(userID: Int64?, roles: [String], queueCutoff: Int64) {
        self.userID = userID
        self.roles = roles
        self.queueCutoff = queueCutoff
    }

    /// SQL that is true when the record aliased `r` is visible: it lists no roles, or one of the
    /// viewer's.
    public func recordVisible(_ r: String) -> String {
        if seesEverything { return "1" }
        return "(\(r).restricted = 0 OR EXISTS (SELECT 1 FROM record_role rr WHERE rr.record = \(r).id AND rr.role IN (SELECT role FROM temp.viewer_role)))"
    }

    /// SQL that is true when the message whose id is the expression `message` may be read:
    /// archived to a record the viewer sees with a role restriction the viewer meets, or in the
    /// queue of a mailbox the viewer uses.
    public func messageVisible(_ message: String) -> String {
        guard userID != nil else { return "1" }
        return """
            ((EXISTS (SELECT 1 FROM link vl JOIN record vr ON vr.id = vl.record WHERE vl.message = \(message) AND \(recordVisible("vr")))
              AND EXISTS (SELECT 1 FROM archived va WHERE va.message = \(message) AND (va.restricted = 0
                  OR EXISTS (SELECT 1 FROM archived_role var WHERE var.message = \(message) AND var.role IN (SELECT role FROM temp.viewer_role)))))
             OR EXISTS (SELECT 1 FROM arrival vq JOIN source_user vs ON vs.source = vq.source
                        WHERE vq.message = \(message) AND vs.user = (SELECT user FROM temp.viewer)
                          AND vq.fetched_at >= (SELECT queue_cutoff FROM temp.viewer)))
            """
    }
}

extension Database {
    /// Makes `temp.viewer` and `temp.viewer_role` describe the viewer, which the access SQL reads.
    /// Call before a query built with the viewer's predicates.
    public func install(_ viewer: Viewer) throws {
        if installedViewer == viewer { return }
        try execute("""
            CREATE TEMP TABLE IF NOT EXISTS viewer_role (role TEXT PRIMARY KEY);
            CREATE TEMP TABLE IF NOT EXISTS viewer (user INTEGER, queue_cutoff INTEGER NOT NULL);
            DELETE FROM temp.viewer_role;
            DELETE FROM temp.viewer;
            """)
        try run("INSERT INTO temp.viewer (user, queue_cutoff) VALUES (?, ?)", viewer.userID.map { .integer($0) } ?? .null, .integer(viewer.queueCutoff))
        for role in Set(viewer.roles) {
            try run("INSERT INTO temp.viewer_role (role) VALUES (?)", .text(role))
        }
        installedViewer = viewer
    }
}
