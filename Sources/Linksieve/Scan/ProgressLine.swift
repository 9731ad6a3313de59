import Foundation
import Synchronization

/// The one-line progress display on stderr: rows/s, fetched, matched, failed, and what bounds the
/// run: transfers in flight, hosts active and throttled, and the share of the hash workers' time
/// spent hashing rather than waiting for the network. Redrawn at most four times a second, and
/// only when asked for (the CLI asks when stderr is a terminal).
final class ProgressLine: Sendable {
    private let enabled: Bool
    private let started = Date()
    private let counts = Mutex(Counts())

    /// What the fetch thread and hash workers add to, and when it was last drawn.
    private struct Counts {
        var lastDraw = Date.distantPast
        var rows = 0
        var fetched = 0
        var matched = 0
        var failed = 0
        var network: FetchStatistics?
        var times = StageTimes.Totals()
    }

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func rowRead() {
        guard enabled else { return }
        counts.withLock { $0.rows += 1 }
        redraw()
    }

    func settled(_ result: RowResult) {
        guard enabled else { return }
        counts.withLock { counts in
            if result.fetch != nil { counts.fetched += 1 }
            if result.verdict == .quarantined { counts.matched += 1 }
            if result.verdict == .rejected || (result.fetch.map { $0.outcome != "ok" } ?? false) { counts.failed += 1 }
        }
        redraw()
    }

    /// The fetch stage's latest figures and the pipeline's times so far.
    func network(_ statistics: FetchStatistics, times: StageTimes.Totals) {
        guard enabled else { return }
        counts.withLock { counts in
            counts.network = statistics
            counts.times = times
        }
    }

    func finish() {
        guard enabled else { return }
        redraw(force: true)
        FileHandle.standardError.write(Data("\n".utf8))
    }

    private func redraw(force: Bool = false) {
        guard enabled else { return }
        let line: String? = counts.withLock { counts in
            let now = Date()
            guard force || now.timeIntervalSince(counts.lastDraw) >= 0.25 else { return nil }
            counts.lastDraw = now
            let rate = Double(counts.rows) / max(now.timeIntervalSince(started), 0.001)
            var line = String(
                format: "\r\u{1B}[Krows %d (%.0f/s)  fetched %d  matched %d  failed %d",
                counts.rows, rate, counts.fetched, counts.matched, counts.failed)
            if let network = counts.network {
                line += "  in flight \(network.inFlight)  hosts \(network.activeHosts) active, \(network.throttledHosts) throttled"
                if network.hostsAwaitingNames > 0 { line += ", \(network.hostsAwaitingNames) awaiting DNS" }
            }
            let workerTime = counts.times.hashing + counts.times.waitingForNetwork
            if workerTime > 0 {
                line += String(
                    format: "  workers hashing %.0f%%, waiting for network %.0f%%",
                    100 * counts.times.hashing / workerTime, 100 * counts.times.waitingForNetwork / workerTime)
            }
            return line
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }
}
