/// Requests waiting out a retry backoff, soonest first. They sit outside libcurl and take no host
/// slot, so a long Retry-After holds up nothing but its own request (and, for 429/503, its host).
struct RetryQueue {
    typealias Instant = ContinuousClock.Instant

    private var heap = Heap<Instant, FetchRequest>(.lowestFirst)

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }
    var nextDue: Instant? { heap.first?.priority }

    mutating func add(_ request: FetchRequest, due: Instant) {
        heap.insert(request, priority: due)
    }

    /// At most `limit` of the requests due by `now`, earliest first; the rest stay queued.
    mutating func takeDue(at now: Instant, limit: Int = .max) -> [FetchRequest] {
        var due: [FetchRequest] = []
        while due.count < limit, let first = heap.first, first.priority <= now {
            due.append(first.element)
            _ = heap.removeFirst()
        }
        return due
    }
}
