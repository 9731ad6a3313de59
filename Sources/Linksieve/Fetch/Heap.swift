/// A binary heap of elements by a priority given when each is inserted: the retry backoff
/// (soonest first) and the backlog lane of `HostQueue` (largest first).
struct Heap<Priority: Comparable, Element> {
    enum Order: Sendable {
        case lowestFirst, highestFirst
    }

    private var entries: [(priority: Priority, element: Element)] = []
    private let order: Order

    init(_ order: Order) {
        self.order = order
    }

    var isEmpty: Bool { entries.isEmpty }
    var count: Int { entries.count }

    /// The entry that comes first, without removing it.
    var first: (priority: Priority, element: Element)? { entries.first }

    mutating func insert(_ element: Element, priority: Priority) {
        entries.append((priority, element))
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard comesBefore(child, parent) else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the entry that comes first.
    mutating func removeFirst() -> (priority: Priority, element: Element)? {
        guard !entries.isEmpty else { return nil }
        entries.swapAt(0, entries.count - 1)
        let first = entries.removeLast()
        var parent = 0
        while true {
            let left = parent * 2 + 1
            let right = left + 1
            var next = parent
            if left < entries.count, comesBefore(left, next) { next = left }
            if right < entries.count, comesBefore(right, next) { next = right }
            guard next != parent else { return first }
            entries.swapAt(parent, next)
            parent = next
        }
    }

    private func comesBefore(_ index: Int, _ other: Int) -> Bool {
        switch order {
        case .lowestFirst: entries[index].priority < entries[other].priority
        case .highestFirst: entries[index].priority > entries[other].priority
        }
    }
}

extension Heap: Sendable where Priority: Sendable, Element: Sendable {}
