// The rules benchmark: 200 realistic rules over about 100 MB of mail, through the rules engine
// (short cuts and the one-pass literal prefilter) beside the plain loop that runs every
// JIT-compiled pattern over its field of every message. One thread; messages are parsed before
// the clock starts. Prints figures; asserts nothing.
//
//   archivist-bench-rules MAILDIR [MB]
import Foundation
import ArchivistCore
import ArchivistMail
import ArchivistMatching
import ArchivistModel

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: archivist-bench-rules MAILDIR [MB]\n".utf8))
    exit(64)
}
let budget = (arguments.count > 2 ? Int(arguments[2]) ?? 100 : 100) * 1_000_000

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

// Messages, parsed, until their text (subject, addresses, body, attachment names) reaches the budget.
var messages: [ParsedMessage] = []
var textBytes = 0
for message in try LocalMail.discover([arguments[1]]) where textBytes < budget {
    let parsed = MIMEParser.parse(try LocalMail.read(message))
    textBytes += parsed.text.utf8.count + (parsed.subject ?? "").utf8.count + parsed.participants.joined().utf8.count
        + parsed.attachments.compactMap(\.filename).joined().utf8.count
    messages.append(parsed)
}

// 200 rules of the kinds administrators write, over 200 records.
let records = (0..<200).map { Record(ref: RecordRef(type: .company, id: "C\($0)"), name: "Firma \($0)", code: "K\($0)") }
var text = ""
let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
var prefixes: [String] = []
for i in 0..<60 {
    let a = letters[(i * 7) % 26], b = letters[(i * 7 + 11) % 26], c = letters[(i * 7 + 22) % 26]
    prefixes.append(String([a, b, c]))
}
for i in 0..<60 {
    text += "rule \"site code \(i)\"\n  subject ~ /\\b\(prefixes[i])-(\\d{4})-\\d{2}\\b/\n  target company:C\(i)\n  action auto\n"
}
for i in 0..<50 {
    text += "rule \"supplier \(i)\"\n  from ~ /@dostawca\(i)\\.(pl|es|de)$/i\n  any\n    subject ~ /faktura|invoice|rechnung/i\n    attachment ~ /faktura/i\n  end\n  target company:C\(60 + i)\n"
}
let words = ["zbrojenie", "szalunek", "hormigon", "betonowanie", "rusztowanie", "izolacja", "dekarz", "odbior", "kosztorys", "harmonogram"]
for i in 0..<40 {
    text += "rule \"keyword \(i)\"\n  body ~ /\\b\(words[i % words.count])\(i)\\b/i\n  target company:C\(110 + i)\n  weight 0.6\n"
}
for i in 0..<30 {
    text += "rule \"invoice number \(i)\"\n  body ~ /\\bFV\\/\(1000 + i)\\/20\\d\\d\\b/\n  target company:C\(150 + i)\n"
}
for i in 0..<20 {
    text += "rule \"list \(i)\"\n  header \"List-Id\" ~ /lista\(i)\\./\n  not from ~ /@budowex\\.pl$/\n  action never\n"
}
let rules = try RuleSet(sources: [("bench.rules", text)], records: records)
let matcher = PatternMatcher()
let context = RuleContext(outgoing: false)

let bytes = textBytes

func measure(_ label: String, _ body: () -> Int) -> Double {
    var best = Double.infinity
    var result = 0
    for _ in 0..<3 {
        let start = now()
        result = body()
        best = min(best, now() - start)
    }
    print(String(format: "%-44@ %7.3f s  %7.1f MB/s  (%d)", label as NSString, best, Double(bytes) / 1e6 / best, result))
    return best
}

print("\(rules.rules.count) rules over \(messages.count) messages, \(String(format: "%.1f", Double(bytes) / 1e6)) MB of text (best of 3)")
let engine = measure("rules engine (short cuts, literal prefilter)") {
    messages.reduce(0) { $0 + rules.evaluate($1, context: context, matcher: matcher).fired.count }
}
let plain = measure("plain loop: every pattern over every message") {
    messages.reduce(0) { $0 + rules.runEveryPattern($1, context: context, matcher: matcher) }
}
print(String(format: "the rules engine is %.1f times the plain loop", plain / engine))
