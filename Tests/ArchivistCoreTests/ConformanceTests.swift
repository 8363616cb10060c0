import Foundation
import Testing
import ArchivistTestSupport

/// The shared MIME corpus and its checker, beside the project when it is checked out as a developer
/// or CI has it.
let conformanceTool = packageRoot + "/../shared/tools/mime-conformance"

@Suite struct ConformanceTests {
    /// At least 95% of the reference corpus agrees with `archivist parse --json` on every field.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: conformanceTool), "../shared/tools/mime-conformance is not there"))
    func agreesWithTheReferenceCorpus() throws {
        let result = try run("/usr/bin/env", ["python3", conformanceTool, archivist, "--show", "0"])
        let line = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("agreement:") }, "no agreement line in: \(result.stdout.suffix(300)) \(result.stderr.suffix(300))")
        // "agreement: 92/96 messages (95.8%)"
        let numbers = line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        let (passed, total) = (numbers[0], numbers[1])
        #expect(total >= 90)
        #expect(Double(passed) / Double(total) >= 0.95, "\(line)")
    }
}
