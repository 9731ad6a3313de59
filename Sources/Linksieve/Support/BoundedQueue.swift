import Dispatch
import Synchronization

/// A blocking FIFO with a fixed capacity, handing work from the fetch thread to hash workers.
/// `push` waits while the queue is full, so a slow hash stage slows fetching down instead of
/// letting fetched bodies pile up in memory.
///
/// Two semaphores count free slots and waiting items; the items themselves sit behind a mutex.
final class BoundedQueue<Element: Sendable>: Sendable {
    private let storage = Mutex(Storage())
    /// One permit per free slot: `push` takes one, `pop` gives it back.
    private let freeSlots: DispatchSemaphore
    /// One permit per queued item, plus one that `close` adds and every popper of an empty,
    /// closed queue passes on to the next.
    private let readyItems = DispatchSemaphore(value: 0)

    private struct Storage {
        var items: [Element] = []
        var head = 0
        var closed = false
    }

    init(capacity: Int) {
        precondition(capacity > 0)
        freeSlots = DispatchSemaphore(value: capacity)
    }

    /// Must not be called after `close`.
    func push(_ item: Element) {
        freeSlots.wait()
        storage.withLock { storage in
            precondition(!storage.closed, "push after close")
            storage.items.append(item)
        }
        readyItems.signal()
    }

    /// The next element, or nil once the queue is closed and drained.
    func pop() -> Element? {
        readyItems.wait()
        let item: Element? = storage.withLock { storage in
            guard storage.head < storage.items.count else { return nil }
            let item = storage.items[storage.head]
            storage.head += 1
            if storage.head > 1024 && storage.head * 2 > storage.items.count {
                storage.items.removeFirst(storage.head)
                storage.head = 0
            }
            return item
        }
        if item == nil {
            // Closed and drained: wake the next popper so it returns nil too.
            readyItems.signal()
        } else {
            freeSlots.signal()
        }
        return item
    }

    /// No more pushes; poppers drain what is left and then get nil.
    func close() {
        storage.withLock { $0.closed = true }
        readyItems.signal()
    }
}
