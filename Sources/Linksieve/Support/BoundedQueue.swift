import Foundation

/// A blocking FIFO with a fixed capacity, handing work from the fetch thread to hash workers.
/// `push` waits while the queue is full, so a slow hash stage slows fetching down instead of
/// letting fetched bodies pile up in memory.
final class BoundedQueue<Element>: @unchecked Sendable {
    private var items: [Element] = []
    private var head = 0
    private var closed = false
    private let capacity: Int
    /// Bytes the queued elements may hold (as `bytes` weighs them) before the queue counts as full.
    private let byteLimit: Int
    private let bytes: @Sendable (Element) -> Int
    private var queuedBytes = 0
    private let condition = NSCondition()

    init(capacity: Int, byteLimit: Int = .max, bytes: @escaping @Sendable (Element) -> Int = { _ in 0 }) {
        precondition(capacity > 0)
        self.capacity = capacity
        self.byteLimit = byteLimit
        self.bytes = bytes
    }

    func push(_ item: Element) {
        condition.lock()
        while (items.count - head >= capacity || queuedBytes >= byteLimit) && !closed { condition.wait() }
        items.append(item)
        queuedBytes += bytes(item)
        condition.broadcast()
        condition.unlock()
    }

    /// Adds `item` at once, even beyond the capacity: for a producer that must not block (the fetch
    /// loop still has transfers to drive) and bounds the queue itself by starting no new work while
    /// `isFull`.
    func pushWithoutWaiting(_ item: Element) {
        condition.lock()
        items.append(item)
        queuedBytes += bytes(item)
        condition.broadcast()
        condition.unlock()
    }

    /// Whether the queue holds `capacity` elements or `byteLimit` bytes, or more.
    var isFull: Bool {
        condition.lock()
        defer { condition.unlock() }
        return items.count - head >= capacity || queuedBytes >= byteLimit
    }

    /// The next element, or nil once the queue is closed and drained.
    func pop() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count && !closed { condition.wait() }
        guard head < items.count else { return nil }
        let item = items[head]
        queuedBytes -= bytes(item)
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
