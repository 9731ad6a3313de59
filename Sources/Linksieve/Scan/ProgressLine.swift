import Foundation

/// The one-line progress display on stderr: rows/s, fetched, matched, failed, and what bounds the
/// run: transfers in flight, hosts active and throttled, and the share of the hash workers' time
/// spent hashing rather than waiting for the network. Redrawn at most four times a second, and
/// only when asked for (the CLI asks when stderr is a terminal).
final class ProgressLine: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private let started = Date()
    private var lastDraw = Date.distantPast
    private var rows = 0
    private var fetched = 0
    private var matched = 0
    private var failed = 0
    private var network: FetchStatistics?
    private var times = StageTimes.Totals()

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func rowRead() {
        guard enabled else { return }
        lock.withLock { rows += 1 }
        redraw()
    }

    func settled(_ result: RowResult) {
        guard enabled else { return }
        lock.withLock {
            if result.fetch != nil { fetched += 1 }
            if result.verdict == .quarantined { matched += 1 }
            if result.verdict == .rejected || (result.fetch.map { $0.outcome != "ok" } ?? false) { failed += 1 }
        }
        redraw()
    }

    /// The fetch stage's latest figures and the pipeline's times so far.
    func network(_ statistics: FetchStatistics, times: StageTimes.Totals) {
        guard enabled else { return }
        lock.withLock {
            network = statistics
            self.times = times
        }
    }

    func finish() {
        guard enabled else { return }
        redraw(force: true)
        FileHandle.standardError.write(Data("\n".utf8))
    }

    private func redraw(force: Bool = false) {
        guard enabled else { return }
        let line: String? = lock.withLock {
            let now = Date()
            guard force || now.timeIntervalSince(lastDraw) >= 0.25 else { return nil }
            lastDraw = now
            let rate = Double(rows) / max(now.timeIntervalSince(started), 0.001)
            var line = String(
                format: "\r\u{1B}[Krows %d (%.0f/s)  fetched %d  matched %d  failed %d",
                rows, rate, fetched, matched, failed)
            if let network {
                line += "  in flight \(network.inFlight)  hosts \(network.activeHosts) active, \(network.throttledHosts) throttled"
            }
            let workerTime = times.hashing + times.waitingForNetwork
            if workerTime > 0 {
                line += String(
                    format: "  workers hashing %.0f%%, waiting for network %.0f%%",
                    100 * times.hashing / workerTime, 100 * times.waitingForNetwork / workerTime)
            }
            return line
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }
}
