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

    @Test("admits up to perHost requests per host and holds the rest in order until one finishes")
    func admission() {
        var queue = HostQueue(perHost: 2)
        let a = (0..<4).map { FetchRequest(id: $0, url: "http://a.test/\($0)") }
        let b = FetchRequest(id: 10, url: "http://b.test/")
        #expect(queue.admit(a[0])?.id == 0)
        #expect(queue.admit(a[1])?.id == 1)
        #expect(queue.admit(a[2]) == nil)
        #expect(queue.admit(a[3]) == nil)
        #expect(queue.admit(b)?.id == 10)
        #expect(queue.waitingCount == 2)
        #expect(queue.finished(host: "a.test")?.id == 2)
        #expect(queue.finished(host: "b.test") == nil)
        #expect(queue.finished(host: "a.test")?.id == 3)
        #expect(queue.waitingCount == 0)
        #expect(queue.finished(host: "a.test") == nil)
        #expect(queue.finished(host: "a.test") == nil)
        // Both slots of a.test are free again.
        #expect(queue.admit(a[0]) != nil)
        #expect(queue.admit(a[1]) != nil)
        #expect(queue.admit(a[2]) == nil)
    }

    @Test("keeps first-in first-out order over many requests")
    func order() {
        var queue = HostQueue(perHost: 1)
        let requests = (0..<1000).map { FetchRequest(id: $0, url: "http://one.test/\($0)") }
        #expect(queue.admit(requests[0])?.id == 0)
        for request in requests.dropFirst() { #expect(queue.admit(request) == nil) }
        var order: [Int] = []
        while let next = queue.finished(host: "one.test") { order.append(next.id) }
        #expect(order == Array(1..<1000))
    }
}

@Suite("HostQueue pauses and RetryQueue")
struct HostQueuePauseTests {
    @Test("a paused host starts nothing until its pause ends, then up to perHost of its waiting requests")
    func pause() {
        var queue = HostQueue(perHost: 2)
        let start = ContinuousClock.now
        let a = (0..<4).map { FetchRequest(id: $0, url: "http://a.test/\($0)") }
        #expect(queue.admit(a[0])?.id == 0)
        queue.pause(host: "a.test", until: start + .seconds(5))
        #expect(queue.nextResumption == start + .seconds(5))
        #expect(queue.admit(a[1]) == nil)
        #expect(queue.admit(a[2]) == nil)
        #expect(queue.admit(a[3]) == nil)
        #expect(queue.admit(FetchRequest(id: 9, url: "http://b.test/"))?.id == 9)
        #expect(queue.finished(host: "a.test") == nil)
        #expect(queue.resume(at: start + .seconds(4)).isEmpty)
        #expect(queue.resume(at: start + .seconds(5)).map(\.id) == [1, 2])
        #expect(queue.nextResumption == nil)
        #expect(queue.waitingCount == 1)
        #expect(queue.finished(host: "a.test")?.id == 3)
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

    @Test("with a limit, a resumed host releases no more than the window has room for and stays due")
    func resumeWithinLimit() {
        var queue = HostQueue(perHost: 4)
        let start = ContinuousClock.now
        queue.pause(host: "a.test", until: start + .seconds(1))
        for id in 0..<3 { #expect(queue.admit(FetchRequest(id: id, url: "http://a.test/\(id)")) == nil) }
        #expect(queue.resume(at: start + .seconds(1), limit: 0).isEmpty)
        #expect(queue.resume(at: start + .seconds(1), limit: 2).map(\.id) == [0, 1])
        #expect(queue.nextResumption != nil)
        #expect(queue.resume(at: start + .seconds(1), limit: 5).map(\.id) == [2])
        #expect(queue.nextResumption == nil)
        #expect(queue.waitingCount == 0)
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
