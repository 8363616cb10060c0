internal import CXML2
internal import CShims

/// Turns HTML into the plain text a person would read: scripts and styles dropped, entities decoded,
/// block elements on lines of their own, runs of white space collapsed.
public enum HTMLText {
    /// Elements whose content is never shown.
    private static let hidden: Set<String> = ["script", "style", "head", "title", "template", "noscript", "object", "iframe"]
    /// Elements that start and end a line.
    private static let blocks: Set<String> = [
        "p", "div", "table", "tr", "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5",
        "h6", "blockquote", "pre", "hr", "section", "article", "header", "footer", "address", "nav",
        "aside", "main", "figure", "figcaption", "form", "fieldset", "center", "body", "html", "caption",
        "tbody", "thead", "tfoot",
    ]
    /// Elements that separate their content from what follows on the same line.
    private static let cells: Set<String> = ["td", "th"]

    /// The text of an HTML document given as UTF-8.
    public static func text(fromHTML html: String) -> String {
        MIMERuntime.ready()
        var html = html
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue)
        let document = html.withUTF8 { bytes -> htmlDocPtr? in
            guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                htmlReadMemory($0, Int32(clamping: bytes.count), nil, "UTF-8", options)
            }
        }
        guard let document else { return "" }
        defer { xmlFreeDoc(document) }
        var writer = TextWriter()
        if let root = xmlDocGetRootElement(document) {
            walk(root, into: &writer, preformatted: false)
        }
        return writer.finish()
    }

    private static func walk(_ node: xmlNodePtr, into writer: inout TextWriter, preformatted: Bool) {
        var current: xmlNodePtr? = node
        while let n = current {
            switch n.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = n.pointee.content {
                    writer.append(String(cString: content), preformatted: preformatted)
                }
            case XML_ELEMENT_NODE:
                let name = n.pointee.name.map { String(cString: $0).lowercased() } ?? ""
                if hidden.contains(name) { break }
                if name == "br" {
                    writer.newline()
                } else if let children = n.pointee.children {
                    let isBlock = blocks.contains(name)
                    if isBlock { writer.endLine() }
                    walk(children, into: &writer, preformatted: preformatted || name == "pre")
                    if isBlock { writer.endLine() }
                    if cells.contains(name) { writer.space() }
                } else if blocks.contains(name) {
                    writer.endLine()
                }
            default:
                break
            }
            current = n.pointee.next
        }
    }
}

/// Builds text line by line, collapsing white space outside `pre` and blank lines to one.
private struct TextWriter {
    private var lines: [String] = []
    private var line = ""
    private var pendingSpace = false

    mutating func append(_ text: String, preformatted: Bool) {
        if preformatted {
            for (i, piece) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if i > 0 { newline() }
                line += piece
            }
            return
        }
        for c in text {
            if c.isWhitespace && c != "\u{A0}" {
                pendingSpace = !line.isEmpty
            } else {
                if pendingSpace { line.append(" ") }
                pendingSpace = false
                line.append(c == "\u{A0}" ? " " : c)
            }
        }
    }

    mutating func space() {
        pendingSpace = !line.isEmpty
    }

    /// Ends the current line, if it has any text: what a block element does.
    mutating func endLine() {
        if !line.isEmpty { newline() }
    }

    /// Starts a new line, even after an empty one: what `br` does.
    mutating func newline() {
        let trimmed = line.trimmingTrailingSpaces()
        if !(trimmed.isEmpty && (lines.last?.isEmpty ?? true)) {
            lines.append(trimmed)
        }
        line = ""
        pendingSpace = false
    }

    mutating func finish() -> String {
        newline()
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
