#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many transfers one host may have in flight, learned from how it answers: additive increase,
/// multiplicative decrease, as TCP does for its congestion window and as Scrapy's AutoThrottle and
/// Heritrix's politeness delay do per host. A fixed limit is either impolite to a small server or
/// far too slow for a CDN holding millions of a manifest's URLs; this one starts low and earns more.
///
/// - Slow start: below the threshold, every answer while the host has requests waiting adds one
///   (the limit doubles per round trip); above it, one per round trip (1/limit per answer).
/// - 429/503 and friends, a dropped connection, or rising latency (the recent average above twice
///   the long-run one) halve the limit, at most once per round trip: only transfers that started
///   after the last cut can cut again. Latency is learned only from answers that came while the
///   host had requests waiting.
/// - A timeout cuts only when the host answered nothing else while that transfer ran: one hanging
///   URL on a responsive host is that URL's problem, a host that stopped answering is the host's.
/// - After a cut, the limit grows back fast (one per answer, as in slow start) to 7/8 of where the
///   host pushed back, then one per round trip to just below it, then creeps past it eight times
///   slower: a server with a hard cap of N is probed about once per 8·N answers instead of every
///   few rounds, and spends little time at half its cap between probes (as TCP CUBIC grows back
///   quickly towards the window where it last lost a packet). A host that pushes back at a lower
///   level each time is followed down.
/// - The limit stays within 1 and `ceiling` (`--max-per-host`).
struct HostConcurrency: Sendable {
    typealias Instant = ContinuousClock.Instant

    let ceiling: Int
    private(set) var limit: Double
    private var threshold: Double
    /// Exponentially weighted log latencies: a fast one (recent answers) and a slow one (the baseline).
    private var recentLatency: Double?
    private var baselineLatency: Double?
    private var samples = 0
    private var lastCut: Instant?
    private var lastAnswer: Instant?
    /// The limit in force when the host last pushed back, until the host copes with more.
    private var pushedBackAt: Double?
    /// Times the limit was cut.
    private(set) var cuts = 0
    /// The highest limit reached.
    private(set) var peak: Int

    /// Answers needed before latency can count as rising: the baseline must mean something first.
    static let minimumSamples = 16
    /// A recent (geometric mean) latency this many times the baseline is a host slowing down under
    /// our load. With the weights below, a log-normal stream of σ 0.8 (median 400 ms, a tail of
    /// seconds) crosses it about once in 150,000 answers, and a fivefold slow-down within 7 answers.
    static let risingLatencyFactor = 2.0
    static let recentWeight = 0.1
    static let baselineWeight = 0.01
    /// How much slower the limit grows past the point where the host last pushed back.
    static let probeSlowdown = 8.0
    /// The share of the level where the host last pushed back that a cut limit regains as fast as
    /// in slow start.
    static let fastRegrowth = 0.875
    /// Below this, latency differences are scheduling noise, not a loaded server.
    static let latencyNoiseFloor = 0.05

    init(start: Int, ceiling: Int) {
        self.ceiling = max(1, ceiling)
        let start = Double(min(max(1, start), self.ceiling))
        limit = start
        threshold = Double(self.ceiling)
        peak = Int(start)
    }

    /// Transfers the host may have in flight now.
    var allowed: Int { Int(limit) }

    /// Learns from a transfer that started at `started` and ended at `now`. `hadDemand` says whether
    /// the host had requests waiting for a slot: a host that does not use its limit earns no more.
    mutating func record(_ response: HostResponse, started: Instant, at now: Instant, hadDemand: Bool) {
        switch response {
        case .answered(let latency):
            lastAnswer = now
            // Once the host's queue has run dry, the transfers still running are the slow ones of
            // their batch (the fast ones already ended): their latency says nothing of the load.
            guard hadDemand else { break }
            if isLatencyRising(after: latency) {
                cut(forTransferStartedAt: started, at: now)
            } else {
                grow()
            }
        case .overloaded:
            cut(forTransferStartedAt: started, at: now)
        case .timedOut:
            if lastAnswer.map({ $0 < started }) ?? true { cut(forTransferStartedAt: started, at: now) }
        case .neutral:
            break
        }
    }

    /// Averages of the logarithm of latency (so one several-second answer in a log-normal stream
    /// does not look like a trend): a fast one over roughly the last ten answers, and a slow one,
    /// the plain mean of the first hundred, then moving at a hundredth per answer.
    private mutating func isLatencyRising(after latency: Double) -> Bool {
        samples += 1
        let logLatency = log(max(latency, 1e-4))
        let recent = recentLatency.map { $0 + Self.recentWeight * (logLatency - $0) } ?? logLatency
        let weight = max(Self.baselineWeight, 1 / Double(samples))
        let baseline = baselineLatency.map { $0 + weight * (logLatency - $0) } ?? logLatency
        recentLatency = recent
        baselineLatency = baseline
        return samples >= Self.minimumSamples && recent - baseline > log(Self.risingLatencyFactor)
            && exp(recent) - exp(baseline) > Self.latencyNoiseFloor
    }

    private mutating func grow() {
        if let pushedBackAt, limit + 1 >= pushedBackAt {
            limit += 1 / (Self.probeSlowdown * limit)
            if limit >= pushedBackAt { self.pushedBackAt = nil }
        } else {
            limit = limit < threshold ? min(limit + 1, threshold) : limit + 1 / limit
        }
        limit = min(limit, Double(ceiling))
        peak = max(peak, allowed)
    }

    private mutating func cut(forTransferStartedAt started: Instant, at now: Instant) {
        // Transfers already under way when the limit was cut saw the old load; they cannot cut again.
        if let lastCut, started < lastCut { return }
        pushedBackAt = limit
        threshold = max(1, limit * Self.fastRegrowth)
        limit = max(1, (limit / 2).rounded(.down))
        lastCut = now
        cuts += 1
    }
}
