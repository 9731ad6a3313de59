import Foundation
import Synchronization
import Testing

@testable import Linksieve
@testable import LoopbackServers

/// Names resolved ahead of the window: lookups bounded and cached, a slow name holding no
/// transfer slot, and answers that still go through the address policy. Every name here is
/// answered by a lookup the test supplies; no query leaves the process.
@Suite("HostNameResolver")
struct HostNameResolverTests {
    /// Counts lookups, per name and at once, for a lookup that takes `delay` (or `slowDelay` for
    /// names starting with "slow") and answers `address`.
    final class LookupRecorder: Sendable {
        private struct Counts {
            var running = 0
            var peak = 0
            var perName: [String: Int] = [:]
        }
        private let counts = Mutex(Counts())
        let address: IPAddress
        let delay: Duration
        let slowDelay: Duration

        init(address: String = "127.0.0.1", delay: Duration = .zero, slowDelay: Duration = .zero) {
            self.address = IPAddress(address)!
            self.delay = delay
            self.slowDelay = slowDelay
        }

        var peak: Int { counts.withLock { $0.peak } }
        var perName: [String: Int] { counts.withLock { $0.perName } }

        func lookup(_ name: String) -> HostNameResolver.Answer? {
            counts.withLock { counts in
                counts.running += 1
                counts.peak = max(counts.peak, counts.running)
                counts.perName[name, default: 0] += 1
            }
            Thread.sleep(forTimeInterval: Self.seconds(name.hasPrefix("slow") ? slowDelay : delay))
            counts.withLock { $0.running -= 1 }
            return name.hasPrefix("missing") ? .unresolvable : .addresses([address])
        }

        private static func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        }
    }

    private static func options(_ recorder: LookupRecorder, _ adjust: (inout FetchOptions) -> Void = { _ in })
        -> FetchOptions
    {
        var options = FetchOptions()
        options.allowPrivateAddresses = true
        options.connectTimeout = 5
        options.totalTimeout = 20
        options.nameLookup = { recorder.lookup($0) }
        adjust(&options)
        return options
    }

    /// Fetches `urls` in order and returns the results in the order they completed.
    private static func fetchInCompletionOrder(_ urls: [String], with fetcher: Fetcher) -> [FetchResult] {
        var pending = Array(urls.enumerated().map { FetchRequest(id: $0.offset, url: $0.element) }.reversed())
        var results: [FetchResult] = []
        fetcher.run(next: { pending.popLast() }, completed: { results.append($0) })
        return results
    }

    @Test("looks each name up once, however many of its requests wait, with at most lookupsAhead lookups at once")
    func boundedAndCached() throws {
        let server = try LoopbackHTTPServer { _ in .init(body: [1, 2, 3]) }
        defer { server.stop() }
        let recorder = LookupRecorder(delay: .milliseconds(60))
        let fetcher = try Fetcher(options: Self.options(recorder) {
            $0.lookupsAhead = 3
            $0.concurrency = 64
        })
        let names = (0..<24).map { "host-\($0).test" }
        let urls = (0..<3).flatMap { round in names.map { "http://\($0):\(server.port)/\(round)" } }
        let results = Self.fetchInCompletionOrder(urls, with: fetcher)
        #expect(results.count == urls.count)
        #expect(results.allSatisfy { $0.outcome == .ok }, "\(results.map(\.outcome.reason))")
        #expect(recorder.perName == Dictionary(uniqueKeysWithValues: names.map { ($0, 1) }))
        #expect(recorder.peak <= 3)
        #expect(recorder.peak >= 2, "lookups ran one at a time")
        #expect(fetcher.statistics.nameLookups == names.count)
        #expect(fetcher.statistics.peakNameLookupsInFlight <= 3)
        #expect(server.requestCount == urls.count)
    }

    @Test("a name slow to resolve holds no place in the window: the other hosts are fetched meanwhile")
    func slowNameDoesNotHoldTheWindow() throws {
        let server = try LoopbackHTTPServer { _ in .init(body: [7]) }
        defer { server.stop() }
        let recorder = LookupRecorder(delay: .milliseconds(5), slowDelay: .milliseconds(1500))
        let fetcher = try Fetcher(options: Self.options(recorder) {
            $0.lookupsAhead = 4
            $0.concurrency = 2
        })
        let urls = ["http://slow.test:\(server.port)/"] + (0..<20).map { "http://fast-\($0).test:\(server.port)/" }
        let started = ContinuousClock.now
        let results = Self.fetchInCompletionOrder(urls, with: fetcher)
        #expect(results.count == urls.count)
        #expect(results.allSatisfy { $0.outcome == .ok })
        #expect(results.last?.id == 0, "the slow name's request finished before others: \(results.map(\.id))")
        #expect(ContinuousClock.now - started >= .milliseconds(1500))
        #expect(recorder.perName["slow.test"] == 1)
    }

    @Test("a name resolving to a refused address ends its request as blocked, with no connection made")
    func privateAnswerRefused() throws {
        let server = try LoopbackHTTPServer { _ in .init(body: [1]) }
        defer { server.stop() }
        let recorder = LookupRecorder(address: "127.0.0.1")
        var options = Self.options(recorder)
        options.allowPrivateAddresses = false
        let fetcher = try Fetcher(options: options)
        let results = Self.fetchInCompletionOrder(
            ["http://inside.test:\(server.port)/a", "http://inside.test:\(server.port)/b"], with: fetcher)
        #expect(results.map(\.outcome) == [.blockedAddress, .blockedAddress])
        #expect(recorder.perName == ["inside.test": 1])
        #expect(server.connectionCount == 0)
        #expect(server.requestCount == 0)
    }

    @Test("the address policy still judges the socket: a permitted network lets the resolved address through")
    func permittedNetworkAllowsResolvedAddress() throws {
        let server = try LoopbackHTTPServer { _ in .init(body: [4, 2]) }
        defer { server.stop() }
        let recorder = LookupRecorder(address: "127.0.0.1")
        var options = Self.options(recorder)
        options.allowPrivateAddresses = false
        options.permittedNetworks = [try #require(CIDR("127.0.0.1/32"))]
        let fetcher = try Fetcher(options: options)
        let results = Self.fetchInCompletionOrder(["http://inside.test:\(server.port)/"], with: fetcher)
        #expect(results.map(\.outcome) == [.ok])
        #expect(results.first?.body == [4, 2])
    }

    @Test("a name that does not resolve fails as a DNS failure without a request, and is looked up once")
    func unresolvableName() throws {
        let server = try LoopbackHTTPServer { _ in .init(body: [1]) }
        defer { server.stop() }
        let recorder = LookupRecorder()
        let fetcher = try Fetcher(options: Self.options(recorder))
        let results = Self.fetchInCompletionOrder(
            (0..<3).map { "http://missing.test:\(server.port)/\($0)" } + ["http://present.test:\(server.port)/"],
            with: fetcher)
        #expect(results.sorted { $0.id < $1.id }.map(\.outcome) == [.dnsFailure, .dnsFailure, .dnsFailure, .ok])
        #expect(recorder.perName["missing.test"] == 1)
        #expect(server.requestCount == 1)
    }

    @Test("with lookupsAhead 0 nothing is looked up ahead")
    func turnedOff() throws {
        let server = try LoopbackHTTPServer { _ in .init(body: [1]) }
        defer { server.stop() }
        let recorder = LookupRecorder()
        let fetcher = try Fetcher(options: Self.options(recorder) { $0.lookupsAhead = 0 })
        let results = Self.fetchInCompletionOrder(["http://localhost:\(server.port)/x"], with: fetcher)
        #expect(results.map(\.outcome) == [.ok])
        #expect(recorder.perName.isEmpty)
        #expect(fetcher.statistics.nameLookups == 0)
    }
}
