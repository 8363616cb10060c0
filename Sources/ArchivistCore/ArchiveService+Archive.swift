import Foundation
import ArchivistMail
import ArchivistModel
import ArchivistStore

/// What `archive` and `attach` did, with the notes worth telling the person.
public struct ArchiveResult: Sendable, Codable {
    public var message: Int64
    public var outcome: LinkOutcome
    /// Sentences such as "the roles restriction is set at the first archiving only".
    public var notes: [String]
}

extension ArchiveService {
    /// The stored message a person means by `reference` (a queue id or a Message-ID, angle
    /// brackets optional), when the acting user may read it.
    ///
    /// - Throws: ``ArchivistError`` of kind `notFound` naming the reference: the same answer for a
    ///   message that does not exist and one the user may not read.
    public func message(_ reference: String) throws -> StoredMessage {
        let id = try messageID(reference)
        guard let message = try store.message(id: id) else { throw notFound(reference) }
        return message
    }

    /// The id of the stored message `reference` names, checked for access.
    func messageID(_ reference: String) throws -> Int64 {
        let viewer = try viewer()
        let trimmed = reference.trimmingCharacters(in: .whitespaces)
        var candidates: [Int64] = []
        if let id = Int64(trimmed) { candidates.append(id) }
        candidates += try store.messageIDs(forMessageID: trimmed)
        for id in candidates where try store.isVisible(id, to: viewer) {
            return id
        }
        throw notFound(reference)
    }

    private func notFound(_ reference: String) -> ArchivistError {
        ArchivistError(.notFound, "message \(reference) not found (give a queue id or a Message-ID)")
    }

    /// The records named, each checked to exist and be visible to the acting user.
    func visibleRecords(_ refs: [RecordRef]) throws -> [(id: Int64, ref: RecordRef)] {
        let viewer = try viewer()
        return try refs.map { ref in
            guard let found = try recordStore.record(ref, for: viewer) else {
                throw ArchivistError(.notFound, "record \(ref) not found")
            }
            return (found.id, ref)
        }
    }

    /// Archives a message to records. The role restriction is taken at the message's first
    /// archiving only.
    public func archiveMessage(_ reference: String, to refs: [RecordRef], roles: [String]?) throws -> ArchiveResult {
        guard !refs.isEmpty else { throw ArchivistError(.badInput, "name at least one record with --to TYPE:ID") }
        let id = try messageID(reference)
        let records = try visibleRecords(refs)
        let roles = try roles.map(validRoles)
        let wasArchived = try archive.isArchived(id)
        let outcome = try archive.link(id, messageID: try messageIDHeader(id), to: records, roles: roles, actor: try actor().name)
        var notes: [String] = []
        if wasArchived, let roles, roles != outcome.roles {
            notes.append("message \(reference) was archived before; its roles restriction stays \(Self.describe(outcome.roles)) (change it with 'archivist archives edit \(reference) --roles ...')")
        }
        return ArchiveResult(message: id, outcome: outcome, notes: notes)
    }

    /// Attaches an archived message to more records.
    public func attachMessage(_ reference: String, to refs: [RecordRef]) throws -> ArchiveResult {
        guard !refs.isEmpty else { throw ArchivistError(.badInput, "name at least one record with --to TYPE:ID") }
        let id = try messageID(reference)
        guard try archive.isArchived(id) else {
            throw ArchivistError(.badInput, "message \(reference) is not archived yet; archive it first with 'archivist archive \(reference) --to TYPE:ID'")
        }
        let records = try visibleRecords(refs)
        let outcome = try archive.link(id, messageID: try messageIDHeader(id), to: records, roles: nil, actor: try actor().name)
        return ArchiveResult(message: id, outcome: outcome, notes: [])
    }

    /// Changes an archived message's role restriction (administrators, or the user who archived
    /// it first); empty clears it.
    public func setMessageRoles(_ reference: String, roles: [String]) throws -> [String] {
        let id = try messageID(reference)
        guard try archive.isArchived(id) else {
            throw ArchivistError(.badInput, "message \(reference) is not archived; roles belong to archived mail")
        }
        let actor = try actor()
        let archivedBy = try database.queryFirst("SELECT archived_by FROM archived WHERE message = ?", .integer(id)) { $0.string(0) }
        guard actor.isAdmin || archivedBy == actor.name else {
            throw ArchivistError(.permissionDenied, "only an administrator or the user who archived message \(reference) may change its roles")
        }
        let roles = try validRoles(roles)
        try archive.setRoles(id, messageID: try messageIDHeader(id), roles: roles, actor: actor.name)
        return roles
    }

    /// Archived mail the acting user may read, newest first.
    public func archivedMessages(record: RecordRef?, limit: Int?) throws -> [ArchivedEntry] {
        let rowID = try record.map { try visibleRecords([$0])[0].id }
        return try archive.list(record: rowID, for: try viewer(), limit: limit)
    }

    /// The records a message is attached to that the acting user may see.
    public func records(of message: StoredMessage) throws -> [RecordRef] {
        try archive.records(of: message.id, for: try viewer())
    }

    /// The queue as the acting user may see it, newest arrival first.
    public func queue(limit: Int? = nil) throws -> [QueueEntry] {
        try store.queue(for: try viewer(), limit: limit)
    }

    /// Removes queue arrivals older than the retention setting and the stored messages nothing
    /// refers to any more. Archived mail is never purged.
    public func purgeQueue(now: Date = Date()) throws -> PurgeReport {
        try store.purge(arrivalsBefore: try queueCutoff(now: now), actor: try actor().name)
    }

    /// The audit log, newest first, as far as the acting user may read the messages it names.
    public func auditLog(message reference: String?, record: RecordRef?, limit: Int?) throws -> [AuditEntry] {
        let id = try reference.map(messageID)
        return try audit.entries(message: id, record: record, for: try viewer(), limit: limit)
    }

    private func messageIDHeader(_ id: Int64) throws -> String? {
        try store.summaries([id]).first?.messageID
    }

    static func describe(_ roles: [String]) -> String {
        roles.isEmpty ? "everyone" : roles.joined(separator: ",")
    }
}
