import Foundation
import Synchronization

/// The first pass of a scan: gives every manifest row not yet in the state database a verdict.
///
/// The manifest is read lazily by the fetcher as it has room in its window; rows that are
/// rejected or caught by the URL stage are settled without a fetch; fetched bodies go through a
/// bounded queue to hash workers, which match them and record the verdict.
struct VerdictPass {
    let options: ScanOptions
    let policy: MatchPolicy
    let state: StateStore

    struct Outcome {
        var resumedRows = 0
        var fetchedThisRun = 0
    }

    /// A row waiting for its fetch: what the URL stage learned about it.
    private struct PendingRow {
        let row: Int
        let url: String
        let normalizedURL: String
    }

    private enum URLStageResult {
        case fetch(PendingRow)
        case settled(RowResult)
    }

    func run() throws -> Outcome {
        let reader = try ManifestInput.open(path: options.manifestPath, urlColumn: options.urlColumn)
        let completed = try state.completedRows()
        let progress = ProgressLine(enabled: options.showProgress)
        let failures = FirstFailure()
        let queue = BoundedQueue<(FetchResult, PendingRow)>(capacity: options.hashWorkers * 2)
        let hashStage = options.hashStage
        let fetcher = try Fetcher(options: options.fetch)

        let finished = DispatchGroup()
        for _ in 0..<options.hashWorkers {
            finished.enter()
            let worker = Thread { [self] in
                while let (fetched, pending) = queue.pop() {
                    let result = hashAndMatch(fetched, pending, hashStage)
                    progress.settled(result)
                    failures.run { try state.record(result) }
                }
                finished.leave()
            }
            worker.stackSize = 8 << 20
            worker.start()
        }

        var outcome = Outcome()
        var inFlight: [Int: PendingRow] = [:]
        fetcher.run(
            next: {
                while !failures.happened {
                    let record: ManifestRecord?
                    do { record = try reader.next() } catch {
                        failures.record(error)
                        return nil
                    }
                    guard let record else { return nil }
                    progress.rowRead()
                    if completed.contains(record.index) {
                        outcome.resumedRows += 1
                        continue
                    }
                    switch urlStage(record) {
                    case .fetch(let pending):
                        inFlight[pending.row] = pending
                        return FetchRequest(id: pending.row, url: pending.normalizedURL)
                    case .settled(let result):
                        progress.settled(result)
                        failures.run { try state.record(result) }
                    }
                }
                return nil
            },
            completed: { fetched in
                guard let pending = inFlight.removeValue(forKey: fetched.id) else { return }
                outcome.fetchedThisRun += 1
                if fetched.outcome == .ok {
                    queue.push((fetched, pending))
                } else {
                    let result = RowResult(
                        row: pending.row, verdict: .kept, url: pending.url, normalizedURL: pending.normalizedURL,
                        fetch: RowResult.Fetch(fetched))
                    progress.settled(result)
                    failures.run { try state.record(result) }
                }
            })
        queue.close()
        finished.wait()
        progress.finish()
        // Commit what was finished even when the pass stops on an error, so a rerun does not redo it.
        let flushed = Result { try state.flush() }
        try failures.rethrow()
        try flushed.get()
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
        guard matches.isEmpty else {
            return .settled(RowResult(
                row: record.index, verdict: .quarantined, url: raw, normalizedURL: normalized.string,
                matches: matches))
        }
        return .fetch(PendingRow(row: record.index, url: raw, normalizedURL: normalized.string))
    }

    /// Hashes a fetched body, matches digests and PDQ, and drops the body.
    private func hashAndMatch(_ fetched: FetchResult, _ pending: PendingRow, _ hashStage: HashStage) -> RowResult {
        let content = RowResult.Content(hashing: hashStage.hash(fetched.body))
        let matches = policy.matches(content: content)
        var result = RowResult(
            row: pending.row, verdict: matches.isEmpty ? .kept : .quarantined, url: pending.url,
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
