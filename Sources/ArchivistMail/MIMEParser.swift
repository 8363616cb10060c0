import Foundation
internal import CGMime
internal import CShims

/// Reads raw message bytes into a ``ParsedMessage`` with GMime.
///
/// This file is the only place that knows GMime. Parsing never throws: whatever GMime reports as
/// malformed, and whatever this parser has to recover from, becomes a sentence in
/// ``ParsedMessage/defects``.
public enum MIMEParser {
    /// Embedded messages deeper than this are listed as attachments but not parsed.
    static let maximumEmbeddingDepth = 8

    /// Parses one message.
    ///
    /// - Parameter bytes: the message exactly as stored, headers and body.
    /// - Returns: what could be read, with a list of defects when the message is damaged.
    public static func parse(_ bytes: [UInt8]) -> ParsedMessage {
        var parsed = parseOnce(bytes)
        let needsRepair = parsed.defects.contains {
            $0.hasPrefix(ParseSession.conflictingHeaders + ": Content-Type") || $0.hasPrefix(ParseSession.noBoundary)
        }
        if needsRepair, let repaired = ContentTypeRepair.repaired(bytes) {
            let defects = parsed.defects
            parsed = parseOnce(repaired)
            parsed.defects = defects
        }
        return parsed
    }

    private static func parseOnce(_ bytes: [UInt8]) -> ParsedMessage {
        MIMERuntime.ready()
        let session = ParseSession()
        guard let options = g_mime_parser_options_new() else {
            return ParsedMessage(defects: ["the MIME parser could not be started"])
        }
        defer { g_mime_parser_options_free(options) }
        session.configure(options)

        let message: UnsafeMutablePointer<GMimeMessage>? = bytes.withUnsafeBufferPointer { buffer in
            let stream = buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    g_mime_stream_mem_new_with_buffer($0, buffer.count)
                }
            } ?? g_mime_stream_mem_new()
            defer { cgmime_unref(stream) }
            guard let parser = g_mime_parser_new_with_stream(stream) else { return nil }
            defer { cgmime_unref(parser) }
            g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE)
            return g_mime_parser_construct_message(parser, options)
        }
        guard let message else {
            var parsed = ParsedMessage(defects: ["the data could not be read as a mail message"])
            parsed.text = CharsetDecoder.decode(bytes, charset: nil).text
            return parsed
        }
        defer { cgmime_unref(message) }
        var parsed = session.read(message, options: options, depth: 0, rawBody: bodyBytes(of: bytes))
        parsed.defects = session.defects + parsed.defects
        return parsed
    }

    /// The bytes after the header block, used to recover text from a multipart that lost its
    /// boundary.
    private static func bodyBytes(of bytes: [UInt8]) -> ArraySlice<UInt8> {
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == 0x0A {
                if bytes[i + 1] == 0x0A { return bytes[(i + 2)...] }
                if bytes[i + 1] == 0x0D, i + 2 < bytes.count, bytes[i + 2] == 0x0A { return bytes[(i + 3)...] }
            }
            i += 1
        }
        return []
    }
}

/// The state of one parse: GMime's warnings, collected through its callback.
private final class ParseSession {
    static let conflictingHeaders = "conflicting headers"
    static let noBoundary = "multipart without a boundary parameter"
    var defects: [String] = []

    func configure(_ options: OpaquePointer) {
        // Raw 8-bit header bytes: UTF-8 when valid, else the code page of Central European mail.
        let fallbacks = ["utf-8", "windows-1250"]
        var cStrings = fallbacks.map { strdup($0) }
        cStrings.append(nil)
        cStrings.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: buffer.count) {
                g_mime_parser_options_set_fallback_charsets(options, $0)
            }
        }
        cStrings.forEach { free($0) }
        g_mime_parser_options_set_warning_callback(options, { _, code, item, context in
            guard let context else { return }
            let session = Unmanaged<ParseSession>.fromOpaque(context).takeUnretainedValue()
            session.warn(code, item: item.map { String(cString: $0) })
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    func warn(_ code: GMimeParserWarning, item: String?) {
        let sentence: String
        switch code {
        case GMIME_WARN_DUPLICATED_HEADER: sentence = "header repeated"
        case GMIME_WARN_DUPLICATED_PARAMETER: sentence = "header parameter repeated"
        case GMIME_WARN_UNENCODED_8BIT_HEADER: sentence = "raw 8-bit bytes in a header"
        case GMIME_WARN_INVALID_CONTENT_TYPE: sentence = "invalid Content-Type, read as application/octet-stream"
        case GMIME_WARN_INVALID_RFC2047_HEADER_VALUE: sentence = "invalid RFC 2047 encoded word"
        case GMIME_WARN_INVALID_PARAMETER: sentence = "invalid header parameter"
        case GMIME_WARN_MALFORMED_MULTIPART: sentence = "multipart without any parts"
        case GMIME_WARN_TRUNCATED_MESSAGE: sentence = "message is truncated"
        case GMIME_WARN_MALFORMED_MESSAGE: sentence = "message is malformed"
        case GMIME_WARN_INVALID_ADDRESS_LIST: sentence = "invalid address list"
        case GMIME_CRIT_INVALID_HEADER_NAME: sentence = "invalid header name"
        case GMIME_CRIT_CONFLICTING_HEADER: sentence = Self.conflictingHeaders
        case GMIME_CRIT_CONFLICTING_PARAMETER: sentence = "conflicting header parameters"
        case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY: sentence = Self.noBoundary
        case GMIME_CRIT_NESTING_OVERFLOW: sentence = "MIME parts nested too deeply"
        case GMIME_WARN_PART_WITHOUT_CONTENT: sentence = "part without content"
        case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT: sentence = "part without headers or content"
        default: sentence = "MIME problem \(code.rawValue)"
        }
        let detail = item.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        let defect = detail.map { "\(sentence): \($0.prefix(60))" } ?? sentence
        if !defects.contains(defect) { defects.append(defect) }
    }

    // MARK: Reading a message

    func read(_ message: UnsafeMutablePointer<GMimeMessage>, options: OpaquePointer, depth: Int, rawBody: ArraySlice<UInt8>) -> ParsedMessage {
        var parsed = ParsedMessage()
        let object = UnsafeMutablePointer<GMimeObject>(OpaquePointer(message))
        parsed.messageID = g_mime_message_get_message_id(message).map { String(cString: $0) }
        parsed.subject = g_mime_message_get_subject(message).map { String(cString: $0) }
        if let date = g_mime_message_get_date(message) {
            parsed.date = Date(timeIntervalSince1970: TimeInterval(g_date_time_to_unix(date)))
        } else if g_mime_object_get_header(object, "Date") != nil {
            parsed.defects.append("unreadable Date header")
        }
        parsed.from = addresses(g_mime_message_get_from(message))
        parsed.to = addresses(g_mime_message_get_to(message))
        parsed.cc = addresses(g_mime_message_get_cc(message))
        parsed.replyTo = addresses(g_mime_message_get_reply_to(message))
        parsed.automated = automation(object, subject: parsed.subject)
        if let list = g_mime_object_get_header_list(object) {
            parsed.headers = (0..<g_mime_header_list_get_count(list)).compactMap { i in
                guard let header = g_mime_header_list_get_header_at(list, i), let name = g_mime_header_get_name(header) else { return nil }
                return MailHeader(name: String(cString: name), value: g_mime_header_get_value(header).map { String(cString: $0) } ?? "")
            }
        }
        parsed.inReplyTo = messageIDs(object, header: "In-Reply-To", options: options)
        parsed.references = messageIDs(object, header: "References", options: options)

        var body = BodyParts()
        if let root = g_mime_message_get_mime_part(message) {
            body.collect([root], multipartType: "mixed", inAlternative: false, path: [])
        }
        var texts: [String] = []
        for part in body.textBody {
            if let text = self.text(of: part, rawBody: depth == 0 ? rawBody : []) {
                if !text.isEmpty { texts.append(text) }
            }
        }
        parsed.text = texts.joined(separator: "\n")
        for part in body.namedAttachments {
            parsed.attachments.append(attachment(part))
            if cgmime_is_message_part(part.object) != 0 {
                let messagePart = UnsafeMutablePointer<GMimeMessagePart>(OpaquePointer(part.object))
                if depth < MIMEParser.maximumEmbeddingDepth, let inner = g_mime_message_part_get_message(messagePart) {
                    parsed.embedded.append(read(inner, options: options, depth: depth + 1, rawBody: []))
                }
            }
        }
        return parsed
    }

    private func addresses(_ list: UnsafeMutablePointer<InternetAddressList>?) -> [MailAddress] {
        guard let list else { return [] }
        var result: [MailAddress] = []
        for i in 0..<internet_address_list_length(list) {
            guard let address = internet_address_list_get_address(list, i) else { continue }
            if cgmime_is_group(address) != 0 {
                let group = UnsafeMutablePointer<InternetAddressGroup>(OpaquePointer(address))
                result += addresses(internet_address_group_get_members(group))
            } else if cgmime_is_mailbox(address) != 0 {
                let mailbox = UnsafeMutablePointer<InternetAddressMailbox>(OpaquePointer(address))
                let addr = internet_address_mailbox_get_addr(mailbox).map { String(cString: $0) } ?? ""
                let name = internet_address_get_name(address).map { String(cString: $0) }
                guard !addr.isEmpty else { continue }
                result.append(MailAddress(name: name?.isEmpty == false ? name : nil, address: addr))
            }
        }
        return result
    }

    /// Subjects that automatic replies start with, folded to lower case.
    private static let autoReplySubjects = [
        "automatic reply", "auto reply", "autoreply", "out of office", "automatyczna odpowiedz", "automatyczna odpowiedź",
        "respuesta automática", "respuesta automatica", "abwesenheitsnotiz", "automatische antwort", "réponse automatique",
    ]

    private func automation(_ object: UnsafeMutablePointer<GMimeObject>, subject: String?) -> Automation? {
        func header(_ name: String) -> String? {
            g_mime_object_get_header(object, name).map { String(cString: $0).trimmingCharacters(in: .whitespaces).lowercased() }
        }
        if let submitted = header("Auto-Submitted"), submitted != "no" { return .autoReply }
        if header("X-Autoreply") != nil || header("X-Autorespond") != nil { return .autoReply }
        let lowered = (subject ?? "").lowercased()
        if Self.autoReplySubjects.contains(where: { lowered.hasPrefix($0) }) { return .autoReply }
        if header("List-Unsubscribe") != nil || header("List-Id") != nil { return .bulk }
        if let precedence = header("Precedence"), ["bulk", "list", "junk"].contains(precedence) { return .bulk }
        return nil
    }

    private func messageIDs(_ object: UnsafeMutablePointer<GMimeObject>, header: String, options: OpaquePointer) -> [String] {
        guard let value = g_mime_object_get_header(object, header),
              let references = g_mime_references_parse(options, value) else { return [] }
        defer { g_mime_references_free(references) }
        return (0..<g_mime_references_length(references)).compactMap {
            g_mime_references_get_message_id(references, $0).map { String(cString: $0) }
        }
    }

    // MARK: Parts

    /// The decoded text of a body part: text/plain as it is, text/html turned into text.
    private func text(of part: BodyPart, rawBody: ArraySlice<UInt8>) -> String? {
        if part.isEmptyMultipart {
            // GMime finds no parts in a multipart that lost its boundary (the text is then the
            // body) or whose boundary never comes (the text is then the prologue).
            let multipart = UnsafeMutablePointer<GMimeMultipart>(OpaquePointer(part.object))
            if g_mime_multipart_get_boundary(multipart) != nil {
                return g_mime_multipart_get_prologue(multipart).map { String(cString: $0) } ?? ""
            }
            return Array(rawBody).withUnsafeBytes { CharsetDecoder.guessed($0, defect: nil) }.text
        }
        guard cgmime_is_part(part.object) != 0, part.type == "text/plain" || part.type == "text/html" else { return nil }
        let gpart = UnsafeMutablePointer<GMimePart>(OpaquePointer(part.object))
        let bytes = decodedContent(gpart, path: part.path)
        let charset = g_mime_object_get_content_type_parameter(part.object, "charset").map { String(cString: $0) }
        let decoded = CharsetDecoder.decode(bytes, charset: charset)
        if let defect = decoded.defect {
            addDefect("\(defect) in part \(part.label)")
        }
        let text = Self.normalizingLineEnds(decoded.text)
        return part.type == "text/html" ? HTMLText.text(fromHTML: text) : text
    }

    /// The text with CRLF as LF and NUL characters dropped, done on the UTF-8 bytes (Foundation's
    /// string replacement is many times slower).
    static func normalizingLineEnds(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == 0x0D || $0 == 0 }) else { return text }
        var out = [UInt8]()
        out.reserveCapacity(utf8.count)
        var previous: UInt8 = 0
        for byte in utf8 {
            if byte == 0 { continue }
            if byte == 0x0A && previous == 0x0D { out.removeLast() }
            out.append(byte)
            previous = byte
        }
        return String(decoding: out, as: UTF8.self)
    }

    private func attachment(_ part: BodyPart) -> Attachment {
        var size = 0
        if cgmime_is_part(part.object) != 0 {
            let gpart = UnsafeMutablePointer<GMimePart>(OpaquePointer(part.object))
            if let content = g_mime_part_get_content(gpart) {
                checkEncoding(gpart, content: content, path: part.path)
                let null = g_mime_stream_null_new()
                size = max(0, g_mime_data_wrapper_write_to_stream(content, null))
                cgmime_unref(null)
            }
        } else if cgmime_is_message_part(part.object) != 0 {
            let mem = g_mime_stream_mem_new()
            let messagePart = UnsafeMutablePointer<GMimeMessagePart>(OpaquePointer(part.object))
            if let inner = g_mime_message_part_get_message(messagePart) {
                size = max(0, g_mime_object_write_to_stream(UnsafeMutablePointer<GMimeObject>(OpaquePointer(inner)), nil, mem))
            }
            cgmime_unref(mem)
        }
        return Attachment(filename: part.filename, contentType: part.type, size: size)
    }

    /// The content of a leaf part with its transfer encoding undone.
    private func decodedContent(_ part: UnsafeMutablePointer<GMimePart>, path: [Int]) -> [UInt8] {
        guard let content = g_mime_part_get_content(part) else { return [] }
        checkEncoding(part, content: content, path: path)
        guard let stream = g_mime_stream_mem_new() else { return [] }
        defer { cgmime_unref(stream) }
        _ = g_mime_data_wrapper_write_to_stream(content, stream)
        guard let array = g_mime_stream_mem_get_byte_array(UnsafeMutablePointer<GMimeStreamMem>(OpaquePointer(stream))),
              let data = array.pointee.data else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: Int(array.pointee.len)))
    }

    /// Notes base64 content that holds characters outside the base64 alphabet or is cut short;
    /// GMime skips such characters silently.
    private func checkEncoding(_ part: UnsafeMutablePointer<GMimePart>, content: UnsafeMutablePointer<GMimeDataWrapper>, path: [Int]) {
        guard g_mime_part_get_content_encoding(part) == GMIME_CONTENT_ENCODING_BASE64,
              let stream = g_mime_data_wrapper_get_stream(content) else { return }
        var invalid = false
        var symbols = 0
        var padding = false
        var buffer = [CChar](repeating: 0, count: 8192)
        g_mime_stream_reset(stream)
        while true {
            let n = g_mime_stream_read(stream, &buffer, buffer.count)
            if n <= 0 { break }
            for i in 0..<n {
                let c = UInt8(bitPattern: buffer[i])
                switch c {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                     UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"):
                    if padding { invalid = true }
                    symbols += 1
                case UInt8(ascii: "="):
                    padding = true
                    symbols += 1
                case 0x0D, 0x0A, 0x20, 0x09:
                    break
                default:
                    invalid = true
                }
            }
        }
        g_mime_stream_reset(stream)
        let label = BodyPart.label(for: path)
        if invalid {
            addDefect("invalid characters in base64 content of part \(label)")
        } else if symbols % 4 != 0 {
            addDefect("base64 content of part \(label) is cut short")
        }
    }

    private func addDefect(_ defect: String) {
        if !defects.contains(defect) { defects.append(defect) }
    }
}

/// A leaf or multipart seen while walking the MIME tree.
private struct BodyPart {
    var object: UnsafeMutablePointer<GMimeObject>
    /// Lower-cased `type/subtype`.
    var type: String
    var filename: String?
    var path: [Int]
    var isEmptyMultipart = false

    var label: String { Self.label(for: path) }

    static func label(for path: [Int]) -> String {
        path.isEmpty ? "1" : path.map { String($0 + 1) }.joined(separator: ".")
    }
}

/// The body structure of RFC 8621 section 4.1.4: which parts are the text body, which the HTML body,
/// and which are attachments.
///
/// The walk follows the RFC's reference code exactly, including one subtlety: when a part inside an
/// alternative disables the text or HTML list, it does so only for the rest of its own multipart,
/// not for the caller's.
private struct BodyParts {
    var textBody: [BodyPart] = []
    var htmlBody: [BodyPart] = []
    var attachments: [BodyPart] = []

    mutating func collect(_ parts: [UnsafeMutablePointer<GMimeObject>], multipartType: String, inAlternative: Bool,
                          path: [Int], useText: Bool = true, useHTML: Bool = true) {
        var useText = useText
        var useHTML = useHTML
        let textLength = useText ? textBody.count : -1
        let htmlLength = useHTML ? htmlBody.count : -1
        for (i, object) in parts.enumerated() {
            let partPath = parts.count == 1 && path.isEmpty ? [] : path + [i]
            let type = mediaType(object)
            let disposition = g_mime_object_get_content_disposition(object)
                .flatMap { g_mime_content_disposition_get_disposition($0) }
                .map { String(cString: $0).lowercased() }
            var filename: String?
            if cgmime_is_part(object) != 0 {
                filename = g_mime_part_get_filename(UnsafeMutablePointer<GMimePart>(OpaquePointer(object))).map { String(cString: $0) }
            } else {
                filename = g_mime_object_get_content_type_parameter(object, "name").map { String(cString: $0) }
            }
            if filename?.isEmpty == true { filename = nil }
            let part = BodyPart(object: object, type: type, filename: filename, path: partPath)
            let isInlineMedia = type.hasPrefix("image/") || type.hasPrefix("audio/") || type.hasPrefix("video/")
            let isInline = disposition != "attachment"
                && (type == "text/plain" || type == "text/html" || isInlineMedia)
                && (i == 0 || (multipartType != "related" && (isInlineMedia || filename == nil)))

            if cgmime_is_multipart(object) != 0 {
                let multipart = UnsafeMutablePointer<GMimeMultipart>(OpaquePointer(object))
                let count = g_mime_multipart_get_count(multipart)
                if count <= 0 {
                    // A multipart that lost its boundary: its body is read as text.
                    var empty = part
                    empty.isEmptyMultipart = true
                    if useText { textBody.append(empty) }
                    if useHTML { htmlBody.append(empty) }
                    continue
                }
                let subtype = String(type.split(separator: "/").last ?? "mixed")
                let children = (0..<count).compactMap { g_mime_multipart_get_part(multipart, $0) }
                collect(children, multipartType: subtype, inAlternative: inAlternative || subtype == "alternative",
                        path: partPath, useText: useText, useHTML: useHTML)
            } else if isInline {
                if multipartType == "alternative" {
                    switch type {
                    case "text/plain": if useText { textBody.append(part) }
                    case "text/html": if useHTML { htmlBody.append(part) }
                    default: attachments.append(part)
                    }
                    continue
                } else if inAlternative {
                    if type == "text/plain" { useHTML = false }
                    if type == "text/html" { useText = false }
                }
                if useText { textBody.append(part) }
                if useHTML { htmlBody.append(part) }
                if (!useText || !useHTML) && isInlineMedia {
                    attachments.append(part)
                }
            } else {
                attachments.append(part)
            }
        }
        if multipartType == "alternative" && useText && useHTML {
            if textLength == textBody.count && htmlLength != htmlBody.count {
                textBody += htmlBody[htmlLength...]
            }
            if htmlLength == htmlBody.count && textLength != textBody.count {
                htmlBody += textBody[textLength...]
            }
        }
    }

    /// Every part a person would call an attachment: the RFC's attachments, plus the named images,
    /// sounds and videos it shows inline in the body.
    var namedAttachments: [BodyPart] {
        var seen = Set(attachments.map(\.path))
        var all = attachments
        for part in textBody + htmlBody where part.filename != nil && part.type != "text/plain" && part.type != "text/html" && !part.isEmptyMultipart {
            if seen.insert(part.path).inserted { all.append(part) }
        }
        return all.sorted { $0.path.lexicographicallyPrecedes($1.path) }
    }

    private func mediaType(_ object: UnsafeMutablePointer<GMimeObject>) -> String {
        // RFC 2045 5.2: a Content-Type that cannot be read means text/plain. GMime reads one
        // without a subtype ("text") as application/octet-stream instead.
        if let raw = g_mime_object_get_header(object, "Content-Type") {
            let value = String(cString: raw)
            let type = value.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if !type.contains("/") { return "text/plain" }
        }
        guard let contentType = g_mime_object_get_content_type(object) else { return "text/plain" }
        let type = g_mime_content_type_get_media_type(contentType).map { String(cString: $0) } ?? "text"
        let subtype = g_mime_content_type_get_media_subtype(contentType).map { String(cString: $0) } ?? "plain"
        return "\(type)/\(subtype)".lowercased()
    }
}
