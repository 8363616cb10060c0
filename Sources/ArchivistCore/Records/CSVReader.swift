/// Reads CSV as RFC 4180 writes it: fields separated by commas, records by CRLF or LF, fields in
/// double quotes when they hold commas, quotes or line breaks, a quote inside written twice.
///
/// Each field remembers its line and column, so errors can point at it.
struct CSVReader {
    struct Field {
        var value: String
        var line: Int
        var column: Int
    }

    struct Failure: Error {
        var line: Int
        var column: Int
        var reason: String
    }

    /// The rows of the text; blank lines are skipped.
    static func rows(_ text: String) throws(Failure) -> [[Field]] {
        var rows: [[Field]] = []
        var row: [Field] = []
        var value = ""
        var line = 1, column = 1
        var fieldLine = 1, fieldColumn = 1
        var quoted = false, wasQuoted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil

        func endField() {
            row.append(Field(value: value, line: fieldLine, column: fieldColumn))
            value = ""
            wasQuoted = false
        }
        func endRow() {
            let blank = row.isEmpty && value.isEmpty && !wasQuoted
            endField()
            if !blank { rows.append(row) }
            row = []
        }

        var atFieldStart = true
        while let c = pending ?? iterator.next() {
            pending = nil
            if atFieldStart {
                fieldLine = line
                fieldColumn = column
                atFieldStart = false
            }
            if quoted {
                if c == "\"" {
                    let next = iterator.next()
                    if next == "\"" {
                        value.unicodeScalars.append("\"")
                        column += 2
                        continue
                    }
                    quoted = false
                    column += 1
                    pending = next
                    if let next, next != ",", next != "\n", next != "\r" {
                        throw Failure(line: line, column: column, reason: "a closing quote must end the field (found '\(Character(next))' after it)")
                    }
                    continue
                }
                value.unicodeScalars.append(c)
                if c == "\n" { line += 1; column = 1 } else { column += 1 }
                continue
            }
            switch c {
            case "\"":
                guard value.isEmpty && !wasQuoted else {
                    throw Failure(line: line, column: column, reason: "a quote inside an unquoted field (quote the whole field and write the quote twice)")
                }
                quoted = true
                wasQuoted = true
                column += 1
            case ",":
                endField()
                column += 1
                atFieldStart = true
            case "\r":
                let next = iterator.next()
                if next != "\n" { pending = next }
                endRow()
                line += 1; column = 1
                atFieldStart = true
            case "\n":
                endRow()
                line += 1; column = 1
                atFieldStart = true
            default:
                value.unicodeScalars.append(c)
                column += 1
            }
        }
        if quoted {
            throw Failure(line: fieldLine, column: fieldColumn, reason: "a quoted field is not closed before the end of the file")
        }
        if !atFieldStart || !row.isEmpty || !value.isEmpty { endRow() }
        return rows
    }
}
