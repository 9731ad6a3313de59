import Foundation

/// A blocking FIFO with a fixed capacity, handing work from the fetch thread to hash workers.
/// `push` waits while the queue is full, so a slow hash stage slows fetching down instead of
/// letting fetched bodies pile up in memory.
final class BoundedQueue<Element>: @unchecked Sendable {
    private var items: [Element] = []
    private var head = 0
    private var closed = false
    private let capacity: Int
    private let condition = NSCondition()

    init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    func push(_ item: Element) {
        condition.lock()
        while items.count - head >= capacity && !closed { condition.wait() }
        items.append(item)
        condition.broadcast()
        condition.unlock()
    }

    /// Adds `item` at once, even beyond the capacity: for a producer that must not block (the fetch
    /// loop still has transfers to drive) and bounds the queue itself by starting no new work while
    /// `isFull`.
    func pushWithoutWaiting(_ item: Element) {
        condition.lock()
        items.append(item)
        condition.broadcast()
        condition.unlock()
    }

    /// Whether the queue holds `capacity` elements or more.
    var isFull: Bool {
        condition.lock()
        defer { condition.unlock() }
        return items.count - head >= capacity
    }

    /// The next element, or nil once the queue is closed and drained.
    func pop() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count && !closed { condition.wait() }
        guard head < items.count else { return nil }
        let item = items[head]
        head += 1
        if head > 1024 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        condition.broadcast()
        return item
    }

    /// No more pushes; poppers drain what is left and then get nil.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
