import Foundation

/// Runs `produce` on a thread of its own and hands what it delivers to `consume` on the calling
/// thread, so that reading and parsing the next batch overlap storing this one: the work takes as
/// long as the slower side, not both. At most `capacity` batches wait between the two, so memory
/// stays bounded however much there is.
///
/// - Parameters:
///   - produce: delivers its batches through the function it is given, which throws once the
///     consuming side has stopped (the producer should then let the error go).
///   - consume: takes each batch in order; false stops early.
/// - Returns: false when `consume` stopped early.
/// - Throws: what `consume` or `produce` threw; the producer's thread has ended by then.
func pipelined<Batch: Sendable>(capacity: Int = 2, produce: @escaping @Sendable (_ deliver: (Batch) throws -> Void) throws -> Void,
                                consume: (Batch) throws -> Bool) throws -> Bool {
    let pipe = BatchPipe<Batch>(capacity: capacity)
    let finished = DispatchSemaphore(value: 0)
    Thread {
        defer { finished.signal() }
        do {
            try produce { batch in
                guard pipe.put(.batch(batch)) else { throw PipeClosed() }
            }
            _ = pipe.put(.end)
        } catch is PipeClosed {
            return
        } catch {
            _ = pipe.put(.failed(error))
        }
    }.start()
    defer {
        pipe.close()
        finished.wait()
    }
    while true {
        switch pipe.take() {
        case let .batch(batch):
            guard try consume(batch) else { return false }
        case .end:
            return true
        case let .failed(error):
            throw error
        }
    }
}

/// The consuming side of a pipeline has stopped.
private struct PipeClosed: Error {}

/// Batches waiting between the two sides of a pipeline.
private final class BatchPipe<Batch: Sendable>: @unchecked Sendable {
    enum Item {
        case batch(Batch)
        case end
        case failed(any Error)
    }

    private let condition = NSCondition()
    private var items: [Item] = []
    private var closed = false
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Waits for room; false once the consuming side has stopped taking.
    func put(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !closed { condition.wait() }
        guard !closed else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    func take() -> Item {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty { condition.wait() }
        condition.broadcast()
        return items.removeFirst()
    }

    /// The consuming side stops: the producer's next put returns false.
    func close() {
        condition.lock()
        closed = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
