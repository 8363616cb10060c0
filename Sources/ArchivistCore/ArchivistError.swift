/// A failure the person at the keyboard can act on: one plain sentence that names the thing at
/// fault, and what kind of failure it is.
public struct ArchivistError: Error, CustomStringConvertible, Sendable {
    /// The kinds of failure, which the command line maps to sysexits codes.
    public enum Kind: Sendable {
        /// The input is malformed: a file, a line, a field (EX_DATAERR).
        case badInput
        /// A file or path that was named does not exist or cannot be read (EX_NOINPUT).
        case noInput
        /// A message, record or user that was named does not exist, or is not visible (EX_DATAERR).
        case notFound
        /// The acting user may not do this (EX_NOPERM).
        case permissionDenied
        /// A server or service could not be reached (EX_UNAVAILABLE).
        case unavailable
        /// A server answered something it should not have (EX_PROTOCOL).
        case `protocol`
        /// Something that may work if tried again later (EX_TEMPFAIL).
        case temporary
        /// Reading or writing a file failed (EX_IOERR).
        case ioError
        /// Anything else (1).
        case failure
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
