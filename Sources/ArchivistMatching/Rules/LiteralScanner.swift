/// Finds which of many lower-case literals occur in a text, ignoring ASCII case, in one pass over
/// its bytes (Aho-Corasick, as a full transition table): the prefilter that lets a rule's pattern
/// run only where its required text occurs.
struct LiteralScanner: Sendable {
    /// transitions[state * 256 + byte] = next state.
    private let transitions: [Int32]
    /// For each state, the literals that end there (through its suffix links too):
    /// `outputIDs[outputStart[s]..<outputStart[s + 1]]`.
    private let outputStart: [Int32]
    private let outputIDs: [Int32]
    let literalCount: Int

    init(_ literals: [[UInt8]]) {
        var goto: [[Int32]] = [[Int32](repeating: -1, count: 256)]
        var outputs: [[Int32]] = [[]]
        for (id, literal) in literals.enumerated() {
            var state = 0
            for byte in literal {
                if goto[state][Int(byte)] < 0 {
                    goto.append([Int32](repeating: -1, count: 256))
                    outputs.append([])
                    goto[state][Int(byte)] = Int32(goto.count - 1)
                }
                state = Int(goto[state][Int(byte)])
            }
            outputs[state].append(Int32(id))
        }
        // Breadth-first: suffix links, and the missing transitions filled from them.
        var fail = [Int32](repeating: 0, count: goto.count)
        var queue: [Int] = []
        for byte in 0..<256 {
            let next = goto[0][byte]
            if next < 0 { goto[0][byte] = 0 } else { fail[Int(next)] = 0; queue.append(Int(next)) }
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            outputs[state] += outputs[Int(fail[state])]
            for byte in 0..<256 {
                let next = goto[state][byte]
                if next < 0 {
                    goto[state][byte] = goto[Int(fail[state])][byte]
                } else {
                    fail[Int(next)] = goto[Int(fail[state])][byte]
                    queue.append(Int(next))
                }
            }
        }
        transitions = goto.flatMap { $0 }
        var start: [Int32] = []
        var ids: [Int32] = []
        for list in outputs {
            start.append(Int32(ids.count))
            ids += list
        }
        start.append(Int32(ids.count))
        outputStart = start
        outputIDs = ids
        literalCount = literals.count
    }

    /// Marks in `found` every literal that occurs in `text`.
    func scan(_ text: UnsafeBufferPointer<UInt8>, into found: inout [Bool]) {
        transitions.withUnsafeBufferPointer { table in
        outputStart.withUnsafeBufferPointer { starts in
        outputIDs.withUnsafeBufferPointer { ids in
        found.withUnsafeMutableBufferPointer { marks in
            var state = 0
            for byte in text {
                let lower = byte &- 0x41 < 26 ? byte | 0x20 : byte
                state = Int(table[state &* 256 &+ Int(lower)])
                let from = Int(starts[state]), to = Int(starts[state &+ 1])
                if from != to {
                    for k in from..<to { marks[Int(ids[k])] = true }
                }
            }
        }
        }
        }
        }
    }
}
