import Foundation

/// The part of a rescan that goes back to the network: rows last fetched before the cutoff are
/// fetched again, with conditional requests where the earlier response gave validators, so an
/// unchanged image costs a 304 and no re-hash. Changed bodies are hashed and matched again.
struct RefreshPass {
    let options: RescanOptions
    let policy: MatchPolicy
    /// Seconds since 1970: rows fetched before this are stale.
    let cutoff: Double

    /// Outcomes that mean the URL no longer serves anything.
    static func isGone(_ fetch: RowResult.Fetch) -> Bool {
        ["http-404", "http-410", "dns"].contains(fetch.outcome)
    }

    /// Re-matches every stored row, fetching the stale ones first; `record` gets each row before and
    /// after, and whether it was fetched again. Returns the number of rows fetched again.
    func run(previous: StateStore, record: (RowResult, RowResult, Bool) throws -> Void) throws -> Int {
        let cursor = try previous.results()
        let hashStage = options.hashStage
        var fetchOptions = options.fetch
        fetchOptions.redirectGate = policy.redirectGate
        let fetcher = try Fetcher(options: fetchOptions)
        var inFlight: [Int: RowResult] = [:]
        var failure: Error?
        var requests = 0
        fetcher.run(
            next: {
                do {
                    while failure == nil, let old = try cursor.next() {
                        let rematched = Rescan.rematch(old, policy: policy, dropGone: options.dropGone)
                        let listedURL = rematched.matches.contains { ($0.stage == .url || $0.stage == .redirect) && $0.quarantines }
                        guard let url = old.normalizedURL, old.verdict != .rejected, !listedURL,
                              (old.fetch?.fetchedAt ?? 0) < cutoff
                        else {
                            try record(old, rematched, false)
                            continue
                        }
                        inFlight[old.row] = old
                        requests += 1
                        return FetchRequest(
                            id: old.row, url: url, ifNoneMatch: old.fetch?.etag, ifModifiedSince: old.fetch?.lastModified)
                    }
                } catch {
                    failure = failure ?? error
                }
                return nil
            },
            completed: { fetched in
                guard failure == nil, let old = inFlight.removeValue(forKey: fetched.id) else { return }
                do { try record(old, refreshed(old, with: fetched, hashStage: hashStage), true) } catch { failure = error }
            },
            stop: options.stop)
        if let failure { throw failure }
        return requests
    }

    /// The row after its re-fetch: a 304 keeps the stored hashes, a new body is hashed, a failure
    /// keeps the stored hashes but records the outcome (so a vanished URL is reported as gone).
    private func refreshed(_ old: RowResult, with fetched: FetchResult, hashStage: HashStage) -> RowResult {
        var row = old
        var fetch = RowResult.Fetch(fetched)
        if fetched.outcome == .httpStatus(304) {
            // Not modified: the stored validators, size and hashes still hold.
            fetch = old.fetch ?? fetch
            fetch.fetchedAt = Date().timeIntervalSince1970
            fetch.etag = fetched.etag ?? old.fetch?.etag
            fetch.lastModified = fetched.lastModified ?? old.fetch?.lastModified
        } else if fetched.outcome == .ok {
            row.content = RowResult.Content(hashing: hashStage.hash(fetched.body))
        } else {
            // A failed refresh keeps the stored hashes, and the validators that go with them.
            fetch.etag = old.fetch?.etag
            fetch.lastModified = old.fetch?.lastModified
            fetch.robots = old.fetch?.robots
        }
        row.fetch = fetch
        return Rescan.rematch(row, policy: policy, dropGone: options.dropGone)
    }
}
