import Foundation
import Testing

@testable import Linksieve

@Suite("HostConcurrency")
struct HostConcurrencyTests {
    private typealias Instant = ContinuousClock.Instant

    /// Feeds `count` answers of `latency` seconds, one per `latency`, each started one latency before it ended.
    private static func answer(
        _ host: inout HostConcurrency, count: Int, latency: Double, from clock: inout Instant, hadDemand: Bool = true
    ) {
        let step = Duration.milliseconds(Int64(latency * 1000))
        for _ in 0..<count {
            clock += step
            host.record(.answered(latency: latency), started: clock - step, at: clock, hadDemand: hadDemand)
        }
    }

    @Test("starts at perHost and doubles per round of fast answers until the ceiling, never above it")
    func slowStart() {
        var host = HostConcurrency(start: 4, ceiling: 64)
        var clock = ContinuousClock.now
        #expect(host.allowed == 4)
        Self.answer(&host, count: 4, latency: 0.1, from: &clock)
        #expect(host.allowed == 8)
        Self.answer(&host, count: 8, latency: 0.1, from: &clock)
        #expect(host.allowed == 16)
        Self.answer(&host, count: 1000, latency: 0.1, from: &clock)
        #expect(host.allowed == 64)
        #expect(host.peak == 64)
    }

    @Test("a host that does not use its limit earns no more")
    func noDemandNoGrowth() {
        var host = HostConcurrency(start: 4, ceiling: 64)
        var clock = ContinuousClock.now
        Self.answer(&host, count: 100, latency: 0.1, from: &clock, hadDemand: false)
        #expect(host.allowed == 4)
    }

    @Test("an overload halves the limit at once; it grows back fast to 7/8 of where the host pushed back, then slowly past it")
    func multiplicativeDecrease() {
        var host = HostConcurrency(start: 4, ceiling: 64)
        var clock = ContinuousClock.now
        Self.answer(&host, count: 28, latency: 0.1, from: &clock)
        #expect(host.allowed == 32)
        clock += .milliseconds(100)
        host.record(.overloaded, started: clock - .milliseconds(100), at: clock, hadDemand: true)
        #expect(host.allowed == 16)
        #expect(host.cuts == 1)
        // One per answer back to 7/8 of 32, and not one more.
        Self.answer(&host, count: 12, latency: 0.1, from: &clock)
        #expect(host.allowed == 28)
        Self.answer(&host, count: 1, latency: 0.1, from: &clock)
        #expect(host.allowed == 28)
        // Then one per round to just below where the host pushed back; past it, eight times slower.
        Self.answer(&host, count: 120, latency: 0.1, from: &clock)
        #expect(host.allowed == 31)
        Self.answer(&host, count: 31 * 6, latency: 0.1, from: &clock)
        #expect(host.allowed == 31)
        Self.answer(&host, count: 40, latency: 0.1, from: &clock)
        #expect(host.allowed == 32)
    }

    @Test("many 429s from transfers that were all under way before the cut count as one cut")
    func oneCutPerRound() {
        var host = HostConcurrency(start: 32, ceiling: 64)
        let start = ContinuousClock.now
        for index in 1...20 {
            host.record(.overloaded, started: start, at: start + .milliseconds(10 * index), hadDemand: true)
        }
        #expect(host.allowed == 16)
        // A transfer started after the cut that is refused again cuts again.
        host.record(.overloaded, started: start + .milliseconds(500), at: start + .seconds(1), hadDemand: true)
        #expect(host.allowed == 8)
        #expect(host.cuts == 2)
    }

    @Test("never below one transfer, never above the ceiling, and a start above the ceiling is brought down to it")
    func bounds() {
        var host = HostConcurrency(start: 2, ceiling: 3)
        var clock = ContinuousClock.now
        for _ in 0..<10 {
            clock += .seconds(1)
            host.record(.overloaded, started: clock - .milliseconds(1), at: clock, hadDemand: true)
        }
        #expect(host.allowed == 1)
        Self.answer(&host, count: 500, latency: 0.01, from: &clock)
        #expect(host.allowed == 3)
        #expect(HostConcurrency(start: 10, ceiling: 3).allowed == 3)
    }

    @Test("a timeout cuts only when the host answered nothing else while the timed-out transfer ran")
    func timeouts() {
        var host = HostConcurrency(start: 16, ceiling: 64)
        let start = ContinuousClock.now
        // Responsive host: an answer arrived after the hanging transfer started.
        host.record(.answered(latency: 0.1), started: start + .milliseconds(100), at: start + .milliseconds(200), hadDemand: false)
        host.record(.timedOut, started: start, at: start + .seconds(3), hadDemand: true)
        #expect(host.allowed == 16)
        // Then it goes silent: a transfer started after its last answer times out.
        host.record(.timedOut, started: start + .seconds(1), at: start + .seconds(4), hadDemand: true)
        #expect(host.allowed == 8)
    }

    @Test("latency rising to several times its baseline cuts the limit; steady latency with noise does not")
    func risingLatency() {
        var steady = HostConcurrency(start: 8, ceiling: 8)
        var clock = ContinuousClock.now
        var random = SplitMix64(seed: 7)
        for _ in 0..<2000 {
            // Log-normal around 400 ms, as web servers answer: heavy-tailed but not growing.
            let u1 = max(Double(random.next() >> 11) / Double(1 << 53), 1e-12)
            let u2 = Double(random.next() >> 11) / Double(1 << 53)
            let normal = (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
            let latency = 0.4 * exp(0.6 * normal)
            clock += .milliseconds(50)
            steady.record(.answered(latency: latency), started: clock - .milliseconds(Int64(latency * 1000)), at: clock, hadDemand: true)
        }
        #expect(steady.cuts == 0)

        var loaded = HostConcurrency(start: 8, ceiling: 8)
        Self.answer(&loaded, count: 50, latency: 0.2, from: &clock)
        Self.answer(&loaded, count: 10, latency: 1.0, from: &clock)
        #expect(loaded.cuts >= 1)
        #expect(loaded.allowed <= 4)
    }

    @Test("the slow stragglers left once a host's queue has run dry neither cut its limit nor raise its baseline")
    func stragglersAfterTheQueue() {
        var host = HostConcurrency(start: 8, ceiling: 8)
        var clock = ContinuousClock.now
        Self.answer(&host, count: 50, latency: 0.2, from: &clock)
        Self.answer(&host, count: 10, latency: 1.0, from: &clock, hadDemand: false)
        #expect(host.cuts == 0)
        #expect(host.allowed == 8)
        // Its next URLs answer as fast as before the stragglers, then slow down: that still cuts.
        Self.answer(&host, count: 10, latency: 0.2, from: &clock)
        #expect(host.cuts == 0)
        Self.answer(&host, count: 10, latency: 1.0, from: &clock)
        #expect(host.cuts >= 1)
    }

    @Test("how finished fetches read as host signals", arguments: [
        (FetchOutcome.ok, HostResponse.answered(latency: 0.25)), (.httpStatus(404), .answered(latency: 0.25)),
        (.httpStatus(429), .overloaded), (.httpStatus(503), .overloaded), (.httpStatus(502), .overloaded),
        (.connectionReset, .overloaded), (.timeout, .timedOut), (.blockedAddress, .neutral), (.dnsFailure, .neutral),
        (.tooLarge, .neutral), (.tlsFailure, .neutral),
    ])
    func signals(_ outcome: FetchOutcome, _ expected: HostResponse) {
        let result = FetchResult(
            id: 0, outcome: outcome, httpStatus: nil, contentType: nil, body: [], effectiveURL: nil, elapsed: 0.25)
        #expect(HostResponse(result) == expected)
    }
}
