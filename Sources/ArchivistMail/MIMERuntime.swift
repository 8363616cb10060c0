internal import CGMime
internal import CXML2

/// Process-wide set-up of GMime and libxml2, done exactly once.
///
/// `g_mime_init` keeps a plain, non-atomic counter and `xmlInitParser` must run before parsers are
/// used from several threads, so both run inside the initialiser of a lazily created global, which
/// Swift guarantees to run once.
enum MIMERuntime {
    private static let initialised: Bool = {
        g_mime_init()
        xmlInitParser()
        return true
    }()

    /// Makes sure the libraries are initialised; cheap after the first call.
    static func ready() {
        _ = initialised
    }
}
