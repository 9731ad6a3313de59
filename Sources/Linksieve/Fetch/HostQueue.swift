/// Keeps requests for a host that already has `perHost` transfers running out of libcurl until
/// one finishes. libcurl would queue them itself (CURLMOPT_MAX_HOST_CONNECTIONS), but its total
/// timeout starts when a transfer is added, so time spent queued there turns into false timeouts
/// whenever a manifest holds many URLs of one host. A host that answered 429 or 503 with
/// Retry-After is paused: nothing new starts for it until the time it asked for.
struct HostQueue {
    typealias Instant = ContinuousClock.Instant

    let perHost: Int
    private var running: [String: Int] = [:]
    private var waiting: [String: FIFO] = [:]
    private var pausedUntil: [String: Instant] = [:]
    private(set) var waitingCount = 0

    init(perHost: Int) {
        self.perHost = perHost
    }

    /// Returns `request` if its host has room and is not paused (counting it as running), or holds
    /// it and returns nil.
    mutating func admit(_ request: FetchRequest) -> FetchRequest? {
        let host = Self.hostKey(of: request.url)
        if pausedUntil[host] == nil, running[host, default: 0] < perHost {
            running[host, default: 0] += 1
            return request
        }
        waiting[host, default: FIFO()].push(request)
        waitingCount += 1
        return nil
    }

    /// Records that a transfer for `host` ended; returns the next request held for that host,
    /// already counted as running, if there is one.
    mutating func finished(host: String) -> FetchRequest? {
        if pausedUntil[host] == nil, let next = waiting[host]?.pop() {
            waitingCount -= 1
            if waiting[host]?.isEmpty == true { waiting[host] = nil }
            return next
        }
        let remaining = running[host, default: 1] - 1
        running[host] = remaining > 0 ? remaining : nil
        return nil
    }

    /// Starts nothing new for `host` before `instant` (a later pause already in place stays).
    mutating func pause(host: String, until instant: Instant) {
        if let current = pausedUntil[host], current >= instant { return }
        pausedUntil[host] = instant
    }

    /// The earliest time a paused host may resume, nil when none is paused.
    var nextResumption: Instant? { pausedUntil.values.min() }

    /// Ends the pauses that are over by `now` and returns the requests their hosts may now start,
    /// already counted as running: at most `limit`, a host with requests still waiting and room to
    /// run them staying due until a later call.
    mutating func resume(at now: Instant, limit: Int = .max) -> [FetchRequest] {
        var released: [FetchRequest] = []
        for (host, until) in pausedUntil where until <= now {
            while released.count < limit, running[host, default: 0] < perHost, let next = waiting[host]?.pop() {
                running[host, default: 0] += 1
                waitingCount -= 1
                released.append(next)
            }
            if waiting[host]?.isEmpty ?? true {
                waiting[host] = nil
                pausedUntil[host] = nil
            } else if running[host, default: 0] >= perHost {
                // Full again: its finishing transfers release the rest.
                pausedUntil[host] = nil
            }
        }
        return released
    }

    /// The lower-cased authority of a URL (host and port, without user info): the unit the
    /// per-host limit applies to. Anything unparsable maps to itself and simply counts as one host.
    static func hostKey(of url: String) -> String {
        var rest = Substring(url)
        if let separator = rest.firstRange(of: "://") { rest = rest[separator.upperBound...] }
        let end = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        var authority = rest[..<end]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        return authority.lowercased()
    }

    /// A queue that pops from the front without shifting the rest on every pop.
    private struct FIFO {
        private var items: [FetchRequest] = []
        private var head = 0

        var isEmpty: Bool { head == items.count }

        mutating func push(_ item: FetchRequest) {
            items.append(item)
        }

        mutating func pop() -> FetchRequest? {
            guard head < items.count else { return nil }
            let item = items[head]
            head += 1
            if head > 64, head * 2 > items.count {
                items.removeFirst(head)
                head = 0
            }
            return item
        }
    }
}
