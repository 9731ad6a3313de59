import Synchronization

/// Lets every row whose URL normalises to the same string share one fetch in a run: the first
/// row's fetch goes out, rows naming the URL while it is fetched or hashed wait for it, and rows
/// naming it afterwards take its verdict at once. Memory stays bounded: at most `waitingLimit`
/// rows wait (beyond that the manifest is not read on until a fetch ends) and the last
/// `recentLimit` verdicts are remembered; older ones are found in the state database, which
/// also serves a resumed run.
final class FetchSharing: Sendable {
    /// A row waiting for the verdict of its URL.
    struct Row: Sendable {
        let row: Int
        let url: String
    }

    enum Claim {
        /// No other row has this URL in progress or settled: fetch it.
        case fetch
        /// Another row's fetch of this URL is in progress; the row waits for its verdict.
        case wait
        /// The URL was settled a moment ago; this is its verdict.
        case settled(RowResult)
    }

    private struct Shared {
        var inProgress: [String: [Row]] = [:]
        var waiting = 0
        var recent: [String: RowResult] = [:]
        /// Keys of `recent` in the order they were added, as a ring.
        var recentOrder: [String] = []
        var recentNext = 0
    }

    private let shared = Mutex(Shared())
    let waitingLimit: Int
    let recentLimit: Int

    init(waitingLimit: Int, recentLimit: Int = 4096) {
        self.waitingLimit = max(1, waitingLimit)
        self.recentLimit = max(1, recentLimit)
    }

    /// Whether as many rows wait as memory allows.
    var isFull: Bool { shared.withLock { $0.waiting >= waitingLimit } }

    func claim(_ normalizedURL: String, for row: Row) -> Claim {
        shared.withLock { shared in
            if shared.inProgress[normalizedURL] != nil {
                shared.inProgress[normalizedURL]!.append(row)
                shared.waiting += 1
                return .wait
            }
            if let settled = shared.recent[normalizedURL] { return .settled(settled) }
            shared.inProgress[normalizedURL] = []
            return .fetch
        }
    }

    /// Records the verdict of a claimed URL and hands back the rows that waited for it.
    /// Done under one lock with `claim`, so a row either waits and is handed back here, or
    /// finds the verdict in `recent`.
    func settle(_ normalizedURL: String, with result: RowResult) -> [Row] {
        shared.withLock { shared in
            let rows = shared.inProgress.removeValue(forKey: normalizedURL) ?? []
            shared.waiting -= rows.count
            if shared.recentOrder.count < recentLimit {
                shared.recentOrder.append(normalizedURL)
            } else {
                shared.recent.removeValue(forKey: shared.recentOrder[shared.recentNext])
                shared.recentOrder[shared.recentNext] = normalizedURL
                shared.recentNext = (shared.recentNext + 1) % recentLimit
            }
            shared.recent[normalizedURL] = result
            return rows
        }
    }
}

extension RowResult {
    /// This verdict given to another row that names the same URL (perhaps spelt differently).
    func shared(with row: FetchSharing.Row) -> RowResult {
        var copy = self
        copy.row = row.row
        copy.url = row.url
        return copy
    }
}
