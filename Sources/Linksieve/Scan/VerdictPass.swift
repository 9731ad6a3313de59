import Foundation
import Synchronization

/// The first pass of a scan: gives every manifest row not yet in the state database a verdict.
///
/// The manifest is read lazily by the fetcher as it has room in its window; rows that are
/// rejected or caught by the URL stage are settled without a fetch; fetched bodies go through a
/// bounded queue to hash workers, which match them and record the verdict. Rows whose URL
/// normalises to one already fetched this run (or by the run it resumes) share that fetch and its
/// verdict (`FetchSharing`). A `StopRequest` ends the pass early with `Interrupted`, after
/// committing every row that was finished.
struct VerdictPass {
    let options: ScanOptions
    let policy: MatchPolicy
    let state: StateStore

    struct Outcome {
        var resumedRows = 0
        var fetchedThisRun = 0
        /// Rows that took the verdict of another row's fetch of the same URL instead of their own.
        var sharedFetches = 0
        var network = FetchStatistics()
        var times = StageTimes.Totals()
    }

    /// A row waiting for its fetch: what the URL stage learned about it.
    private struct PendingRow {
        let row: Int
        let url: String
        let normalizedURL: String
        /// URL matches that do not quarantine (flags, or suppressed by a negative list): kept with the row.
        var urlMatches: [Match] = []
    }

    private enum URLStageResult {
        case fetch(PendingRow)
        case settled(RowResult)
    }

    func run() throws -> Outcome {
        let reader = try ManifestInput.open(path: options.manifestPath, urlColumn: options.urlColumn)
        let completed = try state.completedRows()
        // Rows whose URL an earlier run (or an earlier row) fetched are found through this index.
        try state.indexByURL()
        let progress = ProgressLine(enabled: options.showProgress)
        let failures = FirstFailure()
        // Fetched bodies queued for the hash workers. Once the queued bodies and the transfers in
        // flight (each may bring one more) reach the count, or the queued bodies a quarter of the
        // body budget in bytes, the fetcher starts nothing new until the workers catch up: one
        // start per body hashed, not a whole window at once. The count is several seconds of
        // hashing (~3 ms an image per worker), longer than the web takes to answer a new transfer.
        var fetchOptions = options.fetch
        fetchOptions.redirectGate = policy.redirectGate
        let fetcher = try Fetcher(options: fetchOptions)
        let queue = BoundedQueue<(FetchResult, PendingRow)>(
            capacity: options.hashWorkers * 2048, byteLimit: max(fetcher.window.bodyBudget / 4, options.fetch.maxBodyBytes),
            bytes: { $0.0.body.count })
        let hashStage = options.hashStage
        let times = StageTimes()
        let sharing = FetchSharing(waitingLimit: fetcher.window.transfers * 8)
        // Records a URL's verdict for its row and for every row that waited on the same URL.
        let settle: @Sendable (RowResult, String) -> Void = { result, normalizedURL in
            for row in [result] + sharing.settle(normalizedURL, with: result).map(result.shared(with:)) {
                progress.settled(row)
                failures.run { try state.record(row) }
            }
        }

        let finished = DispatchGroup()
        for _ in 0..<options.hashWorkers {
            finished.enter()
            let worker = Thread { [self] in
                while let (fetched, pending) = times.measure(\.waitingForNetwork, { queue.pop() }) {
                    let result = times.measure(\.hashing) { hashAndMatch(fetched, pending, hashStage) }
                    settle(result, pending.normalizedURL)
                }
                finished.leave()
            }
            worker.stackSize = 8 << 20
            worker.start()
        }

        var outcome = Outcome()
        var inFlight: [Int: PendingRow] = [:]
        var backlog = HeldStarts(times: times)
        fetcher.run(
            supply: {
                while !failures.happened, options.stop?.isRequested != true {
                    // Rows waiting on URLs in flight are held in memory; past the limit, read on later.
                    if sharing.isFull { return .later }
                    let record: ManifestRecord?
                    do { record = try reader.next() } catch {
                        failures.record(error)
                        return .exhausted
                    }
                    guard let record else { return .exhausted }
                    // A shard covering a range of rows reads past the rows before it and stops after it.
                    if let rows = options.rows, !rows.contains(record.index) {
                        if record.index >= rows.upperBound { return .exhausted }
                        continue
                    }
                    progress.rowRead()
                    if completed.contains(record.index) {
                        outcome.resumedRows += 1
                        continue
                    }
                    switch urlStage(record) {
                    case .fetch(let pending):
                        let row = FetchSharing.Row(row: pending.row, url: pending.url)
                        switch sharing.claim(pending.normalizedURL, for: row) {
                        case .wait:
                            outcome.sharedFetches += 1
                            continue
                        case .settled(let earlier):
                            outcome.sharedFetches += 1
                            settle(earlier.shared(with: row), pending.normalizedURL)
                            continue
                        case .fetch:
                            break
                        }
                        let stored: RowResult?
                        do { stored = try state.fetchedResult(normalizedURL: pending.normalizedURL) } catch {
                            failures.record(error)
                            return .exhausted
                        }
                        if let stored {
                            outcome.sharedFetches += 1
                            settle(stored.shared(with: row), pending.normalizedURL)
                            continue
                        }
                        inFlight[pending.row] = pending
                        return .request(FetchRequest(id: pending.row, url: pending.normalizedURL))
                    case .settled(let result):
                        progress.settled(result)
                        failures.run { try state.record(result) }
                    }
                }
                return .exhausted
            },
            completed: { fetched in
                guard let pending = inFlight.removeValue(forKey: fetched.id) else { return }
                outcome.fetchedThisRun += 1
                progress.network(fetcher.statistics, times: times.current)
                if fetched.outcome == .ok {
                    queue.pushWithoutWaiting((fetched, pending))
                } else {
                    // A redirect into a listed URL or domain quarantines the row; the target was never requested.
                    let listed = fetched.redirectRefusal?.matches ?? []
                    let result = RowResult(
                        row: pending.row, verdict: policy.quarantines(listed) ? .quarantined : .kept, url: pending.url,
                        normalizedURL: pending.normalizedURL, fetch: RowResult.Fetch(fetched),
                        matches: pending.urlMatches + listed)
                    settle(result, pending.normalizedURL)
                }
            },
            holdsStarts: { inFlight in
                let full = queue.isFull(with: inFlight)
                backlog.update(full: full)
                return full
            },
            stop: options.stop)
        backlog.update(full: false)
        queue.close()
        finished.wait()
        outcome.network = fetcher.statistics
        outcome.times = times.current
        progress.network(outcome.network, times: outcome.times)
        progress.finish()
        // Commit what was finished even when the pass stops on an error, so a rerun does not redo it.
        let flushed = Result { try state.flush() }
        try failures.rethrow()
        try flushed.get()
        if let stop = options.stop, stop.isRequested { throw Interrupted(signal: stop.signal) }
        return outcome
    }

    /// Rejects unusable rows and quarantines URL-listed ones before any fetch.
    private func urlStage(_ record: ManifestRecord) -> URLStageResult {
        let raw: String
        switch record.url {
        case .failure(let problem):
            return .settled(RowResult(
                row: record.index, verdict: .rejected, reason: problem.reason, detail: problem.description))
        case .success(let url):
            raw = url
        }
        let normalized: NormalizedURL
        do {
            normalized = try URLNormalizer.normalize(raw)
        } catch {
            return .settled(RowResult(
                row: record.index, verdict: .rejected, url: raw, reason: error.reason,
                detail: error.description))
        }
        let matches = policy.matches(url: normalized)
        guard !policy.quarantines(matches) else {
            return .settled(RowResult(
                row: record.index, verdict: .quarantined, url: raw, normalizedURL: normalized.string,
                matches: matches))
        }
        return .fetch(PendingRow(row: record.index, url: raw, normalizedURL: normalized.string, urlMatches: matches))
    }

    /// Hashes a fetched body, matches digests and PDQ, and drops the body.
    private func hashAndMatch(_ fetched: FetchResult, _ pending: PendingRow, _ hashStage: HashStage) -> RowResult {
        let content = RowResult.Content(hashing: hashStage.hash(fetched.body))
        let matches = policy.matches(content: content, urlMatches: pending.urlMatches)
        var result = RowResult(
            row: pending.row, verdict: policy.quarantines(matches) ? .quarantined : .kept, url: pending.url,
            normalizedURL: pending.normalizedURL, fetch: RowResult.Fetch(fetched), content: content, matches: matches)
        // Matching runs on opted-out rows too: a match still quarantines them.
        if result.verdict == .kept, options.dropOptedOut, result.fetch?.optedOut == true {
            result.verdict = .excluded
            result.reason = "opted-out"
            result.detail = "X-Robots-Tag: \(result.fetch?.robots ?? "")"
        }
        return result
    }
}

/// Adds up the time the fetcher held new transfers back because the hash workers were behind.
private struct HeldStarts {
    let times: StageTimes
    private var since: ContinuousClock.Instant?

    init(times: StageTimes) {
        self.times = times
    }

    mutating func update(full: Bool) {
        if full, since == nil {
            since = .now
        } else if !full, let start = since {
            times.add(\.waitingForHashing, ContinuousClock.now - start)
            since = nil
        }
    }
}

/// Keeps the first error thrown on any thread, so the scan stops and reports it.
private final class FirstFailure: Sendable {
    private let error = Mutex<(any Error)?>(nil)

    var happened: Bool { error.withLock { $0 != nil } }

    func record(_ error: any Error) {
        self.error.withLock { first in if first == nil { first = error } }
    }

    func run(_ body: () throws -> Void) {
        do { try body() } catch { record(error) }
    }

    func rethrow() throws {
        if let error = error.withLock({ $0 }) { throw error }
    }
}
