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
