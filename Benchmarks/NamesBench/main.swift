// The name-matching benchmark: builds the name index from a file of names (one a line) and
// counts the names in a text file, single-threaded, through the code the engine uses.
//
//   archivist-bench-names NAMES_FILE TEXT_FILE
//
// The text is read into memory before the clock starts, as the Hyperscan program does. Prints
// `build_seconds=.. match_seconds=.. matches=.. rss_mb=..` (peak resident memory after the build,
// which includes the text). Asserts nothing.
import Foundation
import ArchivistMatching
import ArchivistModel

let arguments = CommandLine.arguments
guard arguments.count == 3,
      let namesText = try? String(contentsOfFile: arguments[1], encoding: .utf8),
      let text = try? Data(contentsOf: URL(fileURLWithPath: arguments[2])) else {
    FileHandle.standardError.write(Data("usage: archivist-bench-names NAMES_FILE TEXT_FILE\n".utf8))
    exit(64)
}

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

func residentMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kb / 1024
}

let names = namesText.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
let records = names.enumerated().map { Record(ref: RecordRef(type: .project, id: "N\($0.offset)"), name: $0.element) }
let buildStart = now()
let index = NameIndex(records: records)
let build = now() - buildStart
let rss = residentMegabytes()

let matchStart = now()
let matches = text.withUnsafeBytes { raw in
    index.countMatches(in: raw.bindMemory(to: UInt8.self))
}
let match = now() - matchStart
print(String(format: "build_seconds=%.3f match_seconds=%.3f matches=%d rss_mb=%.1f", build, match, matches, rss))
