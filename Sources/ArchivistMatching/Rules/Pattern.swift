internal import CPCRE2
internal import CShims

/// A PCRE2 pattern, compiled with UTF and Unicode properties and JIT-compiled.
///
/// `@unchecked Sendable`: the compiled code never changes after `init`, and PCRE2 allows one
/// compiled pattern to be used from several threads at once as long as each match has its own
/// match data, which ``PatternMatcher`` provides per thread.
final class Pattern: @unchecked Sendable {
    /// What compiling a pattern found wrong: PCRE2's own message and the offset in the pattern.
    struct CompileError: Error {
        var message: String
        var offset: Int
    }

    private let code: OpaquePointer
    /// The number of capture groups.
    let captureCount: Int

    /// Compiles a pattern.
    ///
    /// - Parameters:
    ///   - flags: letters after the closing slash: i (caseless), s (dot matches newlines),
    ///     x (extended), m (multi-line).
    init(_ source: String, flags: String) throws(CompileError) {
        var options = UInt32(PCRE2_UTF | PCRE2_UCP)
        for flag in flags {
            switch flag {
            case "i": options |= UInt32(PCRE2_CASELESS)
            case "s": options |= UInt32(PCRE2_DOTALL)
            case "x": options |= UInt32(PCRE2_EXTENDED)
            case "m": options |= UInt32(PCRE2_MULTILINE)
            default: throw CompileError(message: "unknown flag '\(flag)' (use i, s, x or m)", offset: -1)
            }
        }
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        var utf8 = Array(source.utf8)
        utf8.append(0)
        let compiled = utf8.withUnsafeBufferPointer { buffer in
            pcre2_compile_8(buffer.baseAddress, buffer.count - 1, options, &errorCode, &errorOffset, nil)
        }
        guard let compiled else {
            var message = [UInt8](repeating: 0, count: 256)
            let length = pcre2_get_error_message_8(errorCode, &message, message.count)
            throw CompileError(message: String(decoding: message.prefix(max(0, Int(length))), as: UTF8.self), offset: errorOffset)
        }
        code = compiled
        pcre2_jit_compile_8(compiled, UInt32(PCRE2_JIT_COMPLETE))
        var count: UInt32 = 0
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        captureCount = Int(count)
    }

    deinit {
        pcre2_code_free_8(code)
    }

    /// The number of a named group, or nil.
    func groupNumber(named name: String) -> Int? {
        let n = pcre2_substring_number_from_name_8(code, name)
        return n > 0 ? Int(n) : nil
    }

    /// The outcome of one match.
    enum Outcome {
        case noMatch
        /// The match, with the byte range of each group (nil for a group that did not take part).
        case match([Range<Int>?])
        /// The match limit or the JIT stack ran out: the pattern is too costly on this text.
        case tooCostly
    }

    fileprivate func match(_ text: UnsafeBufferPointer<UInt8>, matcher: PatternMatcher) -> Outcome {
        let empty: [UInt8] = [0]
        let rc = empty.withUnsafeBufferPointer { fallback in
            pcre2_match_8(code, text.baseAddress ?? fallback.baseAddress, text.count, 0, UInt32(PCRE2_NO_UTF_CHECK),
                          matcher.matchData, matcher.context)
        }
        if rc == PCRE2_ERROR_NOMATCH { return .noMatch }
        if rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT {
            return .tooCostly
        }
        guard rc > 0, let ovector = pcre2_get_ovector_pointer_8(matcher.matchData) else { return .noMatch }
        let unset = cpcre2_unset()
        return .match((0...captureCount).map { i in
            guard i < Int(rc) else { return nil }
            let start = ovector[2 * i], end = ovector[2 * i + 1]
            return start == unset ? nil : Int(start)..<Int(end)
        })
    }
}

/// What one thread needs to run patterns: match data, a match context with a match limit, and a
/// JIT stack of a fixed size. Not `Sendable`: one per thread.
public final class PatternMatcher {
    /// Backtracking steps allowed per match before it is called too costly.
    static let matchLimit: UInt32 = 1_000_000
    fileprivate let matchData: OpaquePointer
    fileprivate let context: OpaquePointer
    private let stack: OpaquePointer

    public init(maximumGroups: Int = 99) {
        matchData = pcre2_match_data_create_8(UInt32(maximumGroups + 1), nil)
        context = pcre2_match_context_create_8(nil)
        stack = pcre2_jit_stack_create_8(32 * 1024, 512 * 1024, nil)
        pcre2_set_match_limit_8(context, Self.matchLimit)
        pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(stack))
    }

    deinit {
        pcre2_jit_stack_free_8(stack)
        pcre2_match_context_free_8(context)
        pcre2_match_data_free_8(matchData)
    }

    func match(_ pattern: Pattern, in text: UnsafeBufferPointer<UInt8>) -> Pattern.Outcome {
        pattern.match(text, matcher: self)
    }
}
