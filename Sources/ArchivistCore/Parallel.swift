import Dispatch

extension Array where Element: Sendable {
    /// Maps the elements on all cores and returns the results in order.
    func parallelMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        guard count > 1 else { return map(transform) }
        let results = ResultSlots<T>(count: count)
        let elements = self
        DispatchQueue.concurrentPerform(iterations: count) { i in
            results.set(i, transform(elements[i]))
        }
        return results.values()
    }
}

/// Fixed slots that concurrent iterations fill, one slot each.
///
/// `@unchecked Sendable` is safe because every index is written by exactly one iteration of
/// `concurrentPerform`, and the values are read only after it has returned, which orders every
/// write before the read.
private final class ResultSlots<T>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<T?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func set(_ index: Int, _ value: T) {
        slots[index] = value
    }

    func values() -> [T] {
        slots.map { $0! }
    }
}
