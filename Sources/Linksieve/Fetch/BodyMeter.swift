/// Counts the bytes of bodies being received by all transfers of one fetcher, and learns how large
/// a body usually is, so that new transfers wait while the bodies in flight fill the memory budget
/// (`FetchWindow.bodyBudget`). Used on the fetcher's thread only, like the transfers that feed it.
final class BodyMeter {
    private(set) var bytes = 0
    private(set) var peak = 0
    /// What a transfer is expected to hold by its end: a moving average of finished transfers,
    /// starting from a pessimistic 1 MiB (at most the body cap) until bodies have been seen.
    private(set) var expectedPerTransfer: Double

    init(maxBodyBytes: Int) {
        expectedPerTransfer = Double(min(1 << 20, maxBodyBytes))
    }

    func add(_ count: Int) {
        bytes += count
        peak = max(peak, bytes)
    }

    func remove(_ count: Int) {
        bytes -= count
    }

    /// Learns from a finished transfer that held `count` bytes at its end.
    func finished(holding count: Int) {
        expectedPerTransfer += 0.05 * (Double(count) - expectedPerTransfer)
    }

    /// Whether `inFlight` transfers, each expected to grow to the usual size, and what they already
    /// hold leave room under `budget` for one more.
    func hasRoom(inFlight: Int, budget: Int) -> Bool {
        Double(max(bytes, 0)) < Double(budget) && Double(inFlight + 1) * expectedPerTransfer <= Double(budget)
    }
}
