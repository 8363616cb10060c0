/// Lists of integers laid out flat, for hot loops: list `i` is
/// `items[Int(starts[i])..<Int(starts[i + 1])]`, with no per-list array to retain.
struct FlatLists: Sendable {
    let starts: [Int32]
    let items: [Int32]

    init(_ lists: [[Int32]]) {
        var starts: [Int32] = []
        var items: [Int32] = []
        starts.reserveCapacity(lists.count + 1)
        for list in lists {
            starts.append(Int32(items.count))
            items += list
        }
        starts.append(Int32(items.count))
        self.starts = starts
        self.items = items
    }
}
