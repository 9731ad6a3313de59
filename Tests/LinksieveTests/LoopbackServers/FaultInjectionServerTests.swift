import Foundation
import Testing

@testable import Linksieve
@testable import LoopbackServers

/// Every hostile behaviour of the fault-injection server, fetched in one run next to a well-behaved
/// server: each must end in its own named outcome, within a bound, without holding up the others.
@Suite("FaultInjectionServer")
struct FaultInjectionServerTests {
    typealias Fault = FaultInjectionServer.Fault

    /// Only 127.0.0.1 is permitted, so the redirects to 10.0.0.1 and 169.254.169.254 are refused
    /// before a socket is opened: nothing here may reach anything but loopback.
    private static func hostileOptions(cap: Int) throws -> FetchOptions {
        var options = FetchOptions()
        options.permittedNetworks = [try #require(CIDR("127.0.0.1/32"))]
        options.maxBodyBytes = cap
        options.connectTimeout = 2
        options.totalTimeout = 6
        options.lowSpeedLimit = 1024
        options.lowSpeedTime = 1
        options.retries = 2
        options.retryBaseDelay = 0.05
        options.concurrency = 32
        options.perHost = 32
        return options
    }

    @Test("every hostile case ends in its named outcome within a bound, and normal transfers alongside are not stalled")
    func hostileAndNormalTogether() throws {
        let cap = 1 << 20
        let hostile = try FaultInjectionServer(maxBodyBytes: cap)
        defer { hostile.stop() }
        let normal = try LoopbackHTTPServer { request in .init(body: Array(request.path.utf8)) }
        defer { normal.stop() }

        let faults = Fault.allCases
        var requests = faults.enumerated().map { FetchRequest(id: $0.offset, url: hostile.url($0.element)) }
        let normalCount = 200
        requests += (0..<normalCount).map { FetchRequest(id: 1000 + $0, url: "\(normal.baseURL)/n/\($0)") }
        // Interleaved, so normal URLs keep arriving while hostile ones are in flight.
        requests.sort { ($0.id % 1000, $0.id) < ($1.id % 1000, $1.id) }

        let fetcher = try Fetcher(options: Self.hostileOptions(cap: cap))
        let start = ContinuousClock.now
        var results: [Int: (result: FetchResult, at: Duration)] = [:]
        var pending = Array(requests.reversed())
        fetcher.run(next: { pending.popLast() }, completed: { results[$0.id] = ($0, ContinuousClock.now - start) })
        let total = ContinuousClock.now - start

        #expect(total < .seconds(12), "the run took \(total)")
        #expect(results.count == requests.count)
        for index in 0..<normalCount {
            let entry = try #require(results[1000 + index])
            #expect(entry.result.outcome == .ok)
            #expect(entry.result.body == Array("/n/\(index)".utf8))
            #expect(entry.at < .seconds(3), "normal URL \(index) finished only after \(entry.at)")
        }

        func result(_ fault: Fault) throws -> FetchResult {
            try #require(results[faults.firstIndex(of: fault)!]?.result)
        }
        let expected: [Fault: FetchOutcome] = [
            .dripForever: .timeout, .endlessBody: .tooLarge, .overCap: .tooLarge,
            .gzipBomb: .ok, .deflateBomb: .ok, .redirectLoop: .tooManyRedirects,
            .redirectToFile: .blockedScheme, .redirectToFTP: .blockedScheme, .redirectToGopher: .blockedScheme,
            .redirectToPrivate: .blockedAddress, .redirectToLinkLocal: .blockedAddress,
            .tooManyRequests: .httpStatus(429), .unavailableThenOK: .ok, .resetMidBody: .connectionReset,
            .lyingContentLength: .truncatedBody, .lyingContentType: .ok, .htmlInsteadOfImage: .ok,
            .robotsNoAI: .ok, .image: .ok,
        ]
        #expect(Set(expected.keys) == Set(faults), "a fault without an expected outcome")
        for fault in faults {
            let outcome = try result(fault).outcome
            #expect(outcome == expected[fault], "\(fault.rawValue) ended as \(outcome.reason)")
        }

        // Compressed bodies are never inflated: what arrives is the raw bytes, bounded by the raw cap.
        for (fault, raw) in [(Fault.gzipBomb, hostile.gzipBomb), (.deflateBomb, hostile.deflateBomb)] {
            let body = try result(fault).body
            #expect(body == raw)
            #expect(body.count < 128 * 1024, "\(fault.rawValue) is \(body.count) bytes on the wire")
        }
        #expect(hostile.gzipBomb.starts(with: [0x1f, 0x8b]))

        #expect(try result(.tooManyRequests).attempts == 3)
        #expect(try result(.unavailableThenOK).attempts == 3)
        #expect(try result(.unavailableThenOK).body == hostile.imageBody)
        #expect(try result(.resetMidBody).attempts == 3)
        #expect(try result(.overCap).attempts == 1)
        #expect(try result(.dripForever).attempts == 1)
        #expect(try result(.redirectToLinkLocal).attempts == 1)

        #expect(try result(.lyingContentType).contentType == "image/jpeg")
        #expect(try result(.htmlInsteadOfImage).contentType == "text/html; charset=utf-8")
        #expect(try result(.robotsNoAI).optedOut)
        #expect(try result(.robotsNoAI).robotsDirectives == ["noai", "noimageai", "otherbot:noindex"])
        #expect(try !result(.image).optedOut)
        #expect(try result(.image).body == hostile.imageBody)
    }

    @Test("a compression bomb larger on the wire than the cap ends as too-large")
    func bombOverRawCap() throws {
        let hostile = try FaultInjectionServer(maxBodyBytes: 16 * 1024)
        defer { hostile.stop() }
        #expect(hostile.gzipBomb.count > 16 * 1024)
        let fetcher = try Fetcher(options: Self.hostileOptions(cap: 16 * 1024))
        var pending = [FetchRequest(id: 0, url: hostile.url(.gzipBomb)), FetchRequest(id: 1, url: hostile.url(.deflateBomb))]
        var outcomes: [FetchOutcome] = []
        fetcher.run(next: { pending.popLast() }, completed: { outcomes.append($0.outcome) })
        #expect(outcomes == [.tooLarge, .tooLarge])
    }

    @Test("serves 503 the configured number of times per URL, then the image")
    func unavailableCounts() throws {
        let hostile = try FaultInjectionServer(maxBodyBytes: 1 << 20, unavailableResponses: 1)
        defer { hostile.stop() }
        var options = try Self.hostileOptions(cap: 1 << 20)
        options.retries = 0
        let fetcher = try Fetcher(options: options)
        var pending = ["a", "a", "b"].enumerated().map {
            FetchRequest(id: $0.offset, url: hostile.url(.unavailableThenOK, key: $0.element))
        }.reversed() as [FetchRequest]
        var results: [FetchResult] = []
        fetcher.run(next: { pending.popLast() }, completed: { results.append($0) })
        let byID = Dictionary(uniqueKeysWithValues: results.map { ($0.id, $0.httpStatus) })
        #expect(byID[2] == 503)
        #expect(Set([byID[0], byID[1]]) == Set([503, 200]))
    }
}
