/// Requests waiting out a retry backoff, soonest first. They sit outside libcurl and take no host
/// slot, so a long Retry-After holds up nothing but its own request (and, for 429/503, its host).
struct RetryQueue {
    typealias Instant = ContinuousClock.Instant

    /// A binary min-heap on `due`.
    private var heap: [(due: Instant, request: FetchRequest)] = []

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }
    var nextDue: Instant? { heap.first?.due }

    mutating func add(_ request: FetchRequest, due: Instant) {
        heap.append((due, request))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].due < heap[parent].due else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// At most `limit` of the requests due by `now`, earliest first; the rest stay queued.
    mutating func takeDue(at now: Instant, limit: Int = .max) -> [FetchRequest] {
        var due: [FetchRequest] = []
        while due.count < limit, let first = heap.first, first.due <= now {
            due.append(first.request)
            removeFirst()
        }
        return due
    }

    private mutating func removeFirst() {
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        var parent = 0
        while true {
            let left = parent * 2 + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].due < heap[smallest].due { smallest = left }
            if right < heap.count, heap[right].due < heap[smallest].due { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
