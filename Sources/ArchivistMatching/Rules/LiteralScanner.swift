/// Finds which of many lower-case literals occur in a text, ignoring ASCII case, in one pass over
/// its bytes: the prefilter that lets a rule's pattern run only where its required text occurs.
///
/// Aho-Corasick as a full transition table over byte classes: bytes that appear in no literal
/// share one class, and an upper-case ASCII letter shares its lower-case letter's, so the table
/// stays small enough for the processor's cache. Each entry holds the offset of the next state's
/// row, shifted left by one, with the low bit set when that state ends a literal; long texts are
/// scanned as four interleaved streams, so the processor overlaps their table lookups.
struct LiteralScanner: Sendable {
    private let classOf: [UInt8]
    private let classCount: Int
    private let transitions: [Int32]
    /// For each state, the literals that end there (through its suffix links too):
    /// `outputIDs[outputStart[s]..<outputStart[s + 1]]`.
    private let outputStart: [Int32]
    private let outputIDs: [Int32]
    private let longestLiteral: Int
    let literalCount: Int

    init(_ literals: [[UInt8]]) {
        var classOf = [UInt8](repeating: 0, count: 256)
        var classCount = 1
        for byte in Set(literals.joined()).sorted() where classOf[Int(byte)] == 0 {
            classOf[Int(byte)] = UInt8(classCount)
            if byte >= 0x61 && byte <= 0x7A { classOf[Int(byte - 0x20)] = UInt8(classCount) }
            classCount += 1
        }
        var goto: [[Int32]] = [[Int32](repeating: -1, count: classCount)]
        var outputs: [[Int32]] = [[]]
        for (id, literal) in literals.enumerated() {
            var state = 0
            for byte in literal {
                let c = Int(classOf[Int(byte)])
                if goto[state][c] < 0 {
                    goto.append([Int32](repeating: -1, count: classCount))
                    outputs.append([])
                    goto[state][c] = Int32(goto.count - 1)
                }
                state = Int(goto[state][c])
            }
            outputs[state].append(Int32(id))
        }
        // Breadth-first: suffix links, and the missing transitions filled from them.
        var fail = [Int32](repeating: 0, count: goto.count)
        var queue: [Int] = []
        for c in 0..<classCount {
            let next = goto[0][c]
            if next < 0 || c == 0 { goto[0][c] = 0 } else { fail[Int(next)] = 0; queue.append(Int(next)) }
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            outputs[state] += outputs[Int(fail[state])]
            for c in 0..<classCount {
                let next = goto[state][c]
                if next < 0 {
                    goto[state][c] = goto[Int(fail[state])][c]
                } else {
                    fail[Int(next)] = goto[Int(fail[state])][c]
                    queue.append(Int(next))
                }
            }
        }
        transitions = goto.flatMap { row in row.map { next in (next * Int32(classCount)) << 1 | (outputs[Int(next)].isEmpty ? 0 : 1) } }
        longestLiteral = literals.map(\.count).max() ?? 0
        let flat = FlatLists(outputs)
        self.classOf = classOf
        self.classCount = classCount
        outputStart = flat.starts
        outputIDs = flat.items
        literalCount = literals.count
    }

    /// Marks in `found` every literal that occurs in `text`.
    func scan(_ text: UnsafeBufferPointer<UInt8>, into found: inout [Bool]) {
        let classes = classCount
        classOf.withUnsafeBufferPointer { classOf in
        transitions.withUnsafeBufferPointer { table in
        outputStart.withUnsafeBufferPointer { starts in
        outputIDs.withUnsafeBufferPointer { ids in
        found.withUnsafeMutableBufferPointer { marks in
            guard let bytes = text.baseAddress else { return }
            @inline(__always) func mark(_ row: Int) {
                let state = row / classes
                for k in Int(starts[state])..<Int(starts[state &+ 1]) { marks[Int(ids[k])] = true }
            }
            // Four streams over four quarters; each starts earlier by the longest literal less one,
            // so a literal across a boundary is still seen.
            let count = text.count
            let quarter = count / 4
            var begin = 0
            if quarter > 4 * longestLiteral + 64 {
                let overlap = max(0, longestLiteral - 1)
                var p0 = 0, p1 = quarter - overlap, p2 = 2 * quarter - overlap, p3 = 3 * quarter - overlap
                var r0 = 0, r1 = 0, r2 = 0, r3 = 0
                let steps = quarter + overlap
                // Stream 0 covers [0, quarter + overlap) too; the overlaps are scanned twice, harmlessly.
                for _ in 0..<steps {
                    let e0 = table[r0 &+ Int(classOf[Int(bytes[p0])])]
                    let e1 = table[r1 &+ Int(classOf[Int(bytes[p1])])]
                    let e2 = table[r2 &+ Int(classOf[Int(bytes[p2])])]
                    let e3 = table[r3 &+ Int(classOf[Int(bytes[p3])])]
                    r0 = Int(e0 >> 1); r1 = Int(e1 >> 1); r2 = Int(e2 >> 1); r3 = Int(e3 >> 1)
                    if (e0 | e1 | e2 | e3) & 1 != 0 {
                        if e0 & 1 != 0 { mark(r0) }
                        if e1 & 1 != 0 { mark(r1) }
                        if e2 & 1 != 0 { mark(r2) }
                        if e3 & 1 != 0 { mark(r3) }
                    }
                    p0 &+= 1; p1 &+= 1; p2 &+= 1; p3 &+= 1
                }
                begin = p3
                // The last stream goes on to the end with its state.
                var row = r3
                while begin < count {
                    let entry = table[row &+ Int(classOf[Int(bytes[begin])])]
                    row = Int(entry >> 1)
                    if entry & 1 != 0 { mark(row) }
                    begin &+= 1
                }
                return
            }
            var row = 0
            while begin < count {
                let entry = table[row &+ Int(classOf[Int(bytes[begin])])]
                row = Int(entry >> 1)
                if entry & 1 != 0 { mark(row) }
                begin &+= 1
            }
        }
        }
        }
        }
        }
    }
}
