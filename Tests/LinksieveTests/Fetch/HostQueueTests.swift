import Testing

@testable import Linksieve

@Suite("HostQueue")
struct HostQueueTests {
    @Test("keys URLs by lower-cased host and port, ignoring user info, path, query and fragment", arguments: [
        ("http://Example.COM/a/b", "example.com"), ("https://example.com:8443/x?y#z", "example.com:8443"),
        ("http://user:pw@host.test/", "host.test"), ("http://[::1]:80/", "[::1]:80"),
        ("https://cdn.test?q=1", "cdn.test"), ("http://h.test#frag", "h.test"), ("not a url", "not a url"),
    ])
    func hostKey(_ url: String, _ key: String) {
        #expect(HostQueue.hostKey(of: url) == key)
    }

    /// Requests started until none may start, by id.
    private static func drain(_ queue: inout HostQueue) -> [Int] {
        var started: [Int] = []
        while let request = queue.next() { started.append(request.id) }
        return started
    }

    @Test("starts up to perHost requests per host and holds the rest in order until one finishes")
    func admission() {
        var queue = HostQueue(perHost: 2)
        for id in 0..<4 { queue.enqueue(FetchRequest(id: id, url: "http://a.test/\(id)")) }
        queue.enqueue(FetchRequest(id: 10, url: "http://b.test/"))
        #expect(Self.drain(&queue).sorted() == [0, 1, 10])
        #expect(queue.waitingCount == 2)
        #expect(queue.running(for: "a.test") == 2)
        queue.finished(host: "a.test")
        #expect(Self.drain(&queue) == [2])
        queue.finished(host: "b.test")
        #expect(Self.drain(&queue).isEmpty)
        queue.finished(host: "a.test")
        #expect(Self.drain(&queue) == [3])
        #expect(queue.waitingCount == 0)
        queue.finished(host: "a.test")
        queue.finished(host: "a.test")
        #expect(queue.running(for: "a.test") == 0)
        #expect(queue.activeHosts == 0)
    }

    @Test("keeps first-in first-out order within a host over many requests")
    func order() {
        var queue = HostQueue(perHost: 1)
        for id in 0..<1000 { queue.enqueue(FetchRequest(id: id, url: "http://one.test/\(id)")) }
        var order: [Int] = []
        while let next = queue.next() {
            order.append(next.id)
            queue.finished(host: "one.test")
        }
        #expect(order == Array(0..<1000))
    }

    @Test("hosts take turns: a host with thousands of waiting requests gets its limit and the others keep theirs")
    func fairness() {
        var queue = HostQueue(perHost: 2)
        for id in 0..<5000 { queue.enqueue(FetchRequest(id: id, url: "http://big.test/\(id)")) }
        for id in 0..<10 { queue.enqueue(FetchRequest(id: 10_000 + id, url: "http://small\(id % 5).test/\(id)")) }
        let first = Self.drain(&queue)
        #expect(first.filter { $0 < 10_000 }.count == 2)
        #expect(first.filter { $0 >= 10_000 }.count == 10)
        // Slots freed on big.test go back to big.test, one at a time, while small hosts keep theirs.
        queue.finished(host: "big.test")
        #expect(Self.drain(&queue) == [2])
        #expect(queue.activeHosts == 6)
    }

    @Test("when starts are scarce, every other one goes to the host with the most rounds waiting, and the others still take turns")
    func backlogLane() throws {
        var queue = HostQueue(perHost: 8)
        for id in 0..<1000 { queue.enqueue(FetchRequest(id: id, url: "http://big.test/\(id)")) }
        for host in 0..<100 {
            for n in 0..<2 { queue.enqueue(FetchRequest(id: 10_000 + host * 10 + n, url: "http://small\(host).test/\(n)")) }
        }
        // One start at a time, each transfer over before the next may start, as when the hash
        // workers are behind and each body hashed lets one transfer start.
        var big = 0
        var smallHosts = Set<String>()
        for _ in 0..<100 {
            let next = queue.next()
            let request = try #require(next)
            let host = HostQueue.hostKey(of: request.url)
            if host == "big.test" { big += 1 } else { smallHosts.insert(host) }
            queue.finished(host: host)
        }
        // Turns alone would give big.test one start per round of 101 hosts.
        #expect((50...51).contains(big))
        #expect(smallHosts.count == 100 - big)
    }

    @Test("a freed slot goes to the host whose turn it is, not always to the one that freed it")
    func turnOrder() {
        var queue = HostQueue(perHost: 1)
        for id in 0..<3 {
            queue.enqueue(FetchRequest(id: id, url: "http://a.test/\(id)"))
            queue.enqueue(FetchRequest(id: 100 + id, url: "http://b.test/\(id)"))
        }
        #expect(Self.drain(&queue) == [0, 100])
        queue.finished(host: "b.test")
        queue.finished(host: "a.test")
        // b.test finished first, so it is first in line again.
        #expect(Self.drain(&queue) == [101, 1])
    }

    @Test("a host's limit grows while it answers fast with requests waiting, and halves on a 429")
    func adaptiveLimit() {
        var queue = HostQueue(perHost: 2, maxPerHost: 16)
        for id in 0..<500 { queue.enqueue(FetchRequest(id: id, url: "http://cdn.test/\(id)")) }
        let start = ContinuousClock.now
        var clock = start
        var peakRunning = 0
        for _ in 0..<200 {
            _ = Self.drain(&queue)
            peakRunning = max(peakRunning, queue.running(for: "cdn.test"))
            clock += .milliseconds(10)
            queue.finished(host: "cdn.test", response: .answered(latency: 0.01), started: clock - .milliseconds(10), at: clock)
        }
        #expect(queue.limit(of: "cdn.test") == 16)
        #expect(peakRunning == 16)
        clock += .milliseconds(10)
        queue.finished(host: "cdn.test", response: .overloaded, started: clock - .milliseconds(10), at: clock)
        #expect(queue.limit(of: "cdn.test") == 8)
        #expect(queue.throttledHosts == 1)
        #expect(queue.cuts == 1)
    }
}

@Suite("HostQueue pauses and RetryQueue")
struct HostQueuePauseTests {
    @Test("a paused host starts nothing until its pause ends, then up to its limit of waiting requests")
    func pause() {
        var queue = HostQueue(perHost: 2)
        let start = ContinuousClock.now
        queue.enqueue(FetchRequest(id: 0, url: "http://a.test/0"))
        #expect(queue.next()?.id == 0)
        queue.pause(host: "a.test", until: start + .seconds(5))
        #expect(queue.nextResumption == start + .seconds(5))
        for id in 1..<4 { queue.enqueue(FetchRequest(id: id, url: "http://a.test/\(id)")) }
        queue.enqueue(FetchRequest(id: 9, url: "http://b.test/"))
        #expect(queue.next()?.id == 9)
        #expect(queue.next() == nil)
        queue.finished(host: "a.test")
        #expect(queue.next() == nil)
        queue.resume(at: start + .seconds(4))
        #expect(queue.next() == nil)
        queue.resume(at: start + .seconds(5))
        var resumed: [Int] = []
        while let request = queue.next() { resumed.append(request.id) }
        #expect(resumed == [1, 2])
        #expect(queue.nextResumption == nil)
        #expect(queue.waitingCount == 1)
        #expect(queue.throttledHosts == 1)
        #expect(queue.pauses == 1)
    }

    @Test("an earlier pause never shortens a later one")
    func longerPauseWins() {
        var queue = HostQueue(perHost: 1)
        let start = ContinuousClock.now
        queue.pause(host: "a.test", until: start + .seconds(10))
        queue.pause(host: "a.test", until: start + .seconds(2))
        #expect(queue.nextResumption == start + .seconds(10))
    }

    @Test("hands back due retries soonest first and keeps the rest")
    func retryQueue() {
        var queue = RetryQueue()
        let start = ContinuousClock.now
        for (id, offset) in [(1, 5), (2, 1), (3, 3), (4, 2), (5, 4)] {
            queue.add(FetchRequest(id: id, url: "http://x.test/\(id)"), due: start + .seconds(offset))
        }
        #expect(queue.nextDue == start + .seconds(1))
        #expect(queue.takeDue(at: start + .seconds(3)).map(\.id) == [2, 4, 3])
        #expect(queue.count == 2)
        #expect(queue.takeDue(at: start + .seconds(10)).map(\.id) == [5, 1])
        #expect(queue.isEmpty)
    }

    @Test("with a limit, due retries beyond it stay queued, soonest first")
    func retriesWithinLimit() {
        var queue = RetryQueue()
        let start = ContinuousClock.now
        for id in 1...4 { queue.add(FetchRequest(id: id, url: "http://x.test/\(id)"), due: start + .seconds(id)) }
        #expect(queue.takeDue(at: start + .seconds(10), limit: 3).map(\.id) == [1, 2, 3])
        #expect(queue.takeDue(at: start + .seconds(10), limit: 0).isEmpty)
        #expect(queue.count == 1)
    }
}

@Suite("Heap")
struct HeapTests {
    @Test("hands entries back by priority, lowest or highest first, duplicates included", arguments: [
        Heap<Int, Int>.Order.lowestFirst, .highestFirst,
    ])
    func order(_ order: Heap<Int, Int>.Order) {
        var random = SplitMix64(seed: 3)
        let priorities = (0..<500).map { _ in Int(random.next() % 100) }
        var heap = Heap<Int, Int>(order)
        for (index, priority) in priorities.enumerated() { heap.insert(index, priority: priority) }
        #expect(heap.count == 500)
        var popped: [Int] = []
        while let entry = heap.removeFirst() {
            #expect(priorities[entry.element] == entry.priority)
            popped.append(entry.priority)
        }
        #expect(popped == (order == .lowestFirst ? priorities.sorted() : priorities.sorted(by: >)))
        #expect(heap.isEmpty)
    }
}
