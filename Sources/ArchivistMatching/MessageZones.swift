import Foundation
import ArchivistModel

/// A part of a message's text, which decides how much a name found there weighs.
public enum Zone: String, Sendable, Codable {
    /// The subject line.
    case subject
    /// New text of the body.
    case body
    /// Earlier mail quoted in a reply.
    case quoted
    /// The writer's signature.
    case signature
    /// Attachment file names.
    case attachment
}

/// Splits a body into new text, signature and quoted earlier mail.
enum BodyZones {
    /// Lines that start the quoted part of a reply (after folding, so without diacritics).
    private static let replyHeaders: [(prefix: String, contains: String?)] = [
        ("-----original message-----", nil), ("-----ursprungliche nachricht-----", nil), ("-----mensaje original-----", nil),
        ("-----wiadomosc oryginalna-----", nil), ("w dniu ", "napisal"), ("el ", "escribio"), ("on ", "wrote"),
        ("am ", "schrieb"), ("dnia ", "napisal"), ("le ", "a ecrit"),
    ]
    /// Closings after which a signature follows.
    private static let closings: Set<String> = [
        "pozdrawiam", "z powazaniem", "pozdrawiam serdecznie", "serdecznie pozdrawiam", "z pozdrowieniami", "best regards", "kind regards",
        "regards", "best", "thanks", "many thanks", "thank you", "cheers", "saludos", "un saludo", "atentamente",
        "saludos cordiales", "mit freundlichen grussen", "viele grusse", "beste grusse", "gruss", "grusse", "cordialement",
    ]

    /// The body's lines, each with its zone.
    static func split(_ text: String) -> [(zone: Zone, text: String)] {
        var zone = Zone.body
        var result: [(Zone, String)] = []
        var outlookHeader = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let folded = TextFolding.fold(trimmed)
            if trimmed.hasPrefix(">") {
                result.append((.quoted, String(line)))
                continue
            }
            if zone != .quoted {
                if folded.hasPrefix("---------- forwarded message") || folded.hasPrefix("-------- original-nachricht")
                    || folded.hasPrefix("---------- mensaje reenviado") || folded.hasPrefix("---------- wiadomosc przekazana") {
                    // A forward: what follows is the content that was sent on, read as body.
                    zone = .body
                } else if replyHeaders.contains(where: { folded.hasPrefix($0.prefix) && ($0.contains.map { folded.contains($0) } ?? true) })
                            || (outlookHeader && (folded.hasPrefix("sent:") || folded.hasPrefix("wyslano:") || folded.hasPrefix("enviado el:") || folded.hasPrefix("gesendet:"))) {
                    if outlookHeader, let last = result.indices.last { result[last].0 = .quoted }
                    zone = .quoted
                } else if trimmed == "--" || line == "-- " || closings.contains(folded.trimmingCharacters(in: CharacterSet(charactersIn: ",.!"))) {
                    if zone == .body { zone = .signature }
                }
                outlookHeader = folded.hasPrefix("from:") || folded.hasPrefix("od:") || folded.hasPrefix("de:") || folded.hasPrefix("von:")
            }
            result.append((zone, String(line)))
        }
        return result
    }
}

