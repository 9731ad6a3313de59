import Synchronization

/// Where a scan's time went between the network and the hash workers: time the workers spent
/// hashing, time they sat idle waiting for a fetched body (the network is the bound), and time the
/// fetch loop held new transfers back because the workers were behind (hashing is the bound).
/// Shared by the fetch thread and the workers, so it lives behind a mutex.
final class StageTimes: Sendable {
    struct Totals: Sendable, Equatable {
        /// Seconds summed over hash workers.
        var hashing = 0.0
        var waitingForNetwork = 0.0
        /// Seconds the fetch thread held new transfers back because the workers were behind.
        var waitingForHashing = 0.0
    }

    private let totals = Mutex(Totals())

    var current: Totals { totals.withLock { $0 } }

    /// Runs `body` and adds its duration to the total `field` names.
    func measure<Result>(_ field: WritableKeyPath<Totals, Double>, _ body: () throws -> Result) rethrows -> Result {
        let start = ContinuousClock.now
        defer { add(field, ContinuousClock.now - start) }
        return try body()
    }

    func add(_ field: WritableKeyPath<Totals, Double>, _ elapsed: Duration) {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        totals.withLock { $0[keyPath: field] += seconds }
    }
}
