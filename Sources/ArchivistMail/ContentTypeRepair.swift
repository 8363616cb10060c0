import Foundation

/// The top-level header block of raw message bytes, read without GMime: used to recover from
/// headers that GMime resolves in a way the body contradicts.
struct HeaderBlock {
    /// One header field: its name and the byte range of the whole field, continuation lines and
    /// line end included.
    struct Field {
        var name: String
        var value: String
        var range: Range<Int>
    }

    var fields: [Field] = []
    /// Where the body starts (after the blank line), or the end of the bytes.
    var bodyStart: Int

    init(_ bytes: [UInt8]) {
        var i = 0
        var current: (name: String, start: Int)?
        var fieldsFound: [Field] = []
        func close(at end: Int) {
            guard let c = current else { return }
            let raw = String(decoding: bytes[c.start..<end], as: UTF8.self)
            let value = raw.split(separator: ":", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
            fieldsFound.append(Field(name: c.name, value: value.replacingOccurrences(of: "\r\n", with: "").replacingOccurrences(of: "\n", with: ""), range: c.start..<end))
            current = nil
        }
        while i < bytes.count {
            var end = i
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            let next = min(end + 1, bytes.count)
            let isBlank = end == i || (end == i + 1 && bytes[i] == 0x0D)
            if isBlank {
                close(at: i)
                i = next
                break
            }
            if bytes[i] == 0x20 || bytes[i] == 0x09 {
                i = next
                continue
            }
            close(at: i)
            if let colon = bytes[i..<end].firstIndex(of: UInt8(ascii: ":")) {
                current = (String(decoding: bytes[i..<colon], as: UTF8.self).trimmingWhitespace(), i)
            }
            i = next
        }
        if current != nil { close(at: i) }
        fields = fieldsFound
        bodyStart = i
    }

    func fields(named name: String) -> [Field] {
        fields.filter { $0.name.lowercased() == name.lowercased() }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" || c == "\r" || c == "\n" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\r" || c == "\n" { s = s.dropLast() }
        return String(s)
    }
}

/// Repairs of a message's top-level Content-Type that the body proves right. GMime resolves these
/// cases in a way that loses the structure of the message; the repaired bytes are parsed instead,
/// and the defects of the original are kept.
enum ContentTypeRepair {
    /// The bytes with the top-level Content-Type repaired, or nil when there is nothing to repair.
    static func repaired(_ bytes: [UInt8]) -> [UInt8]? {
        let header = HeaderBlock(bytes)
        let contentTypes = header.fields(named: "Content-Type")
        let body = bytes[header.bodyStart...]
        if contentTypes.count > 1 {
            return keepingProvenMultipart(bytes, contentTypes, body: body)
        }
        if let field = contentTypes.first, isMultipart(field.value), boundaryParameter(field.value) == nil {
            return addingBoundary(bytes, field, body: body)
        }
        return nil
    }

    /// Several Content-Type headers, of which GMime keeps the last. When one is a multipart whose
    /// boundary really separates the body, the others are removed.
    private static func keepingProvenMultipart(_ bytes: [UInt8], _ fields: [HeaderBlock.Field], body: ArraySlice<UInt8>) -> [UInt8]? {
        let proven = fields.first { field in
            guard isMultipart(field.value), let boundary = boundaryParameter(field.value) else { return false }
            return body.firstRange(of: Array(("--" + boundary).utf8)) != nil
        }
        guard let proven else { return nil }
        var repaired = [UInt8]()
        repaired.reserveCapacity(bytes.count)
        var position = 0
        for field in fields where field.range != proven.range {
            repaired += bytes[position..<field.range.lowerBound]
            position = field.range.upperBound
        }
        repaired += bytes[position...]
        return repaired
    }

    /// A multipart without a boundary parameter, whose body has delimiter lines: the boundary is
    /// the one the first delimiter line names, when a closing delimiter confirms it.
    private static func addingBoundary(_ bytes: [UInt8], _ field: HeaderBlock.Field, body: ArraySlice<UInt8>) -> [UInt8]? {
        let text = String(decoding: body, as: UTF8.self)
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { String($0).trimmingWhitespace() }
        guard let delimiter = lines.first(where: { $0.hasPrefix("--") && $0.count > 2 && !$0.contains(" ") }) else { return nil }
        let boundary = String(delimiter.dropFirst(2))
        guard !boundary.hasSuffix("--"), lines.contains("--" + boundary + "--") || lines.filter({ $0 == delimiter }).count > 1,
              !boundary.contains("\"") else { return nil }
        var value = field.value.trimmingWhitespace()
        if value.hasSuffix(";") { value.removeLast() }
        let newline = bytes[field.range].last == 0x0A && bytes[field.range].dropLast().last == 0x0D ? "\r\n" : "\n"
        let replacement = Array("Content-Type: \(value); boundary=\"\(boundary)\"\(newline)".utf8)
        return Array(bytes[..<field.range.lowerBound]) + replacement + Array(bytes[field.range.upperBound...])
    }

    private static func isMultipart(_ value: String) -> Bool {
        value.lowercased().trimmingWhitespace().hasPrefix("multipart/")
    }

    private static func boundaryParameter(_ value: String) -> String? {
        guard let range = value.range(of: "boundary=", options: .caseInsensitive) else { return nil }
        let rest: String = String(value[range.upperBound...]).trimmingWhitespace()
        if rest.hasPrefix("\"") {
            let quoted: Substring = rest.dropFirst()
            return quoted.split(separator: "\"", maxSplits: 1).first.map { String($0) }
        }
        let separators: Set<Character> = [";", " ", "\t"]
        return rest.split(whereSeparator: { separators.contains($0) }).first.map { String($0) }
    }
}
