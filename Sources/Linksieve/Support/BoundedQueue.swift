import Dispatch
import Synchronization

/// A FIFO with a capacity, handing work from the fetch thread to hash workers. `push` waits while
/// the queue is full, so a slow consumer slows the producer down instead of letting items pile up
/// in memory; a producer that must not block (the fetch loop, which still has transfers to drive)
/// uses `pushWithoutWaiting` and bounds the queue itself by starting no new work while
/// `isFull(with:)` counts the items it has queued and those still on their way.
///
/// A semaphore counts free slots and another waiting items; the items themselves sit behind a mutex.
final class BoundedQueue<Element: Sendable>: Sendable {
    private let storage = Mutex(Storage())
    private let capacity: Int
    /// Bytes the queued elements may hold (as `bytes` weighs them) before the queue counts as full.
    private let byteLimit: Int
    private let bytes: @Sendable (Element) -> Int
    /// One permit per free slot: `push` takes one, and `pop` gives it back for an item that took one.
    private let freeSlots: DispatchSemaphore
    /// One permit per queued item, plus one that `close` adds and every popper of an empty,
    /// closed queue passes on to the next.
    private let readyItems = DispatchSemaphore(value: 0)

    private struct Storage {
        var items: [(item: Element, tookSlot: Bool)] = []
        var head = 0
        var closed = false
        var queuedBytes = 0
    }

    init(capacity: Int, byteLimit: Int = .max, bytes: @escaping @Sendable (Element) -> Int = { _ in 0 }) {
        precondition(capacity > 0)
        self.capacity = capacity
        self.byteLimit = byteLimit
        self.bytes = bytes
        freeSlots = DispatchSemaphore(value: capacity)
    }

    /// Must not be called after `close`.
    func push(_ item: Element) {
        freeSlots.wait()
        append(item, tookSlot: true)
    }

    /// Adds `item` at once, even beyond the capacity. Must not be called after `close`.
    func pushWithoutWaiting(_ item: Element) {
        append(item, tookSlot: false)
    }

    /// Whether the queue holds `byteLimit` bytes or more, or would hold `capacity` elements or more
    /// with `incoming` more.
    func isFull(with incoming: Int = 0) -> Bool {
        storage.withLock { $0.items.count - $0.head + incoming >= capacity || $0.queuedBytes >= byteLimit }
    }

    private func append(_ item: Element, tookSlot: Bool) {
        let weight = bytes(item)
        storage.withLock { storage in
            precondition(!storage.closed, "push after close")
            storage.items.append((item, tookSlot))
            storage.queuedBytes += weight
        }
        readyItems.signal()
    }

    /// The next element, or nil once the queue is closed and drained.
    func pop() -> Element? {
        readyItems.wait()
        let entry: (item: Element, tookSlot: Bool)? = storage.withLock { storage in
            guard storage.head < storage.items.count else { return nil }
            let entry = storage.items[storage.head]
            storage.head += 1
            if storage.head > 1024 && storage.head * 2 > storage.items.count {
                storage.items.removeFirst(storage.head)
                storage.head = 0
            }
            return entry
        }
        guard let entry else {
            // Closed and drained: wake the next popper so it returns nil too.
            readyItems.signal()
            return nil
        }
        storage.withLock { $0.queuedBytes -= bytes(entry.item) }
        if entry.tookSlot { freeSlots.signal() }
        return entry.item
    }

    /// No more pushes; poppers drain what is left and then get nil.
    func close() {
        storage.withLock { $0.closed = true }
        readyItems.signal()
    }
}
