/// Holds the requests read ahead of the fetch window, one queue per host, and decides which one
/// starts next. Each host's limit adapts to how it answers (`HostConcurrency`); among the hosts
/// with a request waiting and a free slot, starts alternate between two lanes:
///
/// - turns: round robin, one start per host per round, so every host with work keeps starting
///   whatever the others hold;
/// - backlog: the host with the most rounds of work waiting (requests waiting over its limit) first.
///
/// When starts are plentiful both lanes fill every free slot and the order does not matter. When
/// they are scarce (the hash workers are behind, and each body hashed lets one transfer start),
/// turns alone hand a host holding a tenth of the URLs one start per round of hundreds of hosts:
/// it runs far below its limit while the small hosts drain, and ends the run alone. The backlog
/// lane keeps the hosts that will take longest at their limits; the turns lane still gives at least
/// every other start to the round robin, so a host with a million URLs never starves the others.
///
/// Requests stay here, not in libcurl, until they may start: libcurl would queue them itself
/// (CURLMOPT_MAX_HOST_CONNECTIONS), but its total timeout starts when a transfer is added, so time
/// spent queued there turns into false timeouts. A host that answered 429 or 503 with Retry-After
/// is paused: nothing new starts for it until the time it asked for. A host whose name is being
/// resolved ahead (`HostNameResolver`) is held: its requests wait here, not in the window.
struct HostQueue {
    typealias Instant = ContinuousClock.Instant

    private struct Host {
        var concurrency: HostConcurrency
        var running = 0
        var waiting = FIFO<FetchRequest>()
        /// Whether the host's key is in `ready` (so it is never there twice).
        var inReady = false
        /// Whether the host is in `backlogs` (so it is never there twice).
        var inBacklogs = false
        var throttled = false

        var hasRoom: Bool { running < concurrency.allowed }
        /// Rounds of work waiting at the host's current limit.
        var backlog: Double { Double(waiting.count) / Double(concurrency.allowed) }
    }

    /// The limit a host starts with (`--per-host`) and the most it may earn (`--max-per-host`).
    let perHost: Int
    let maxPerHost: Int
    private var hosts: [String: Host] = [:]
    /// Hosts paused by a Retry-After, until when; kept apart so the earliest is found without
    /// walking every host.
    private var paused: [String: Instant] = [:]
    /// Hosts held until their name is resolved.
    private var held: Set<String> = []
    /// Hosts that may start a request now, in turn order.
    private var ready = FIFO<String>()
    /// The same hosts by backlog, largest first (as it was when the host was queued there).
    private var backlogs = Heap<Double, String>(.highestFirst)
    /// Whether the next start comes from the backlog lane.
    private var backlogsNext = false
    private(set) var waitingCount = 0
    /// Hosts with at least one transfer running.
    private(set) var activeHosts = 0
    /// Hosts whose limit was cut or that were paused at least once in this run.
    private(set) var throttledHosts = 0
    /// Limit cuts and Retry-After pauses over all hosts.
    private(set) var cuts = 0
    private(set) var pauses = 0
    /// The highest limit any host reached.
    private(set) var peakHostLimit: Int
    /// Distinct hosts seen (a host forgotten while idle and seen again counts again).
    private(set) var hostsSeen = 0

    /// Idle hosts are forgotten (their learned limit with them) once this many are known, so the
    /// table does not grow with the manifest's count of distinct hosts.
    static let idleHostsKept = 65_536

    init(perHost: Int, maxPerHost: Int? = nil) {
        self.perHost = max(1, perHost)
        self.maxPerHost = max(self.perHost, maxPerHost ?? self.perHost)
        peakHostLimit = self.perHost
    }

    /// Queues `request` behind the other requests of its host.
    mutating func enqueue(_ request: FetchRequest) {
        let key = Self.hostKey(of: request.url)
        if hosts[key] == nil {
            if hosts.count >= Self.idleHostsKept { forgetIdleHosts() }
            hosts[key] = Host(concurrency: HostConcurrency(start: perHost, ceiling: maxPerHost))
            hostsSeen += 1
        }
        update(key) { $0.waiting.push(request) }
        waitingCount += 1
        markReadyIfPossible(key)
    }

    /// The next request allowed to start, from the two lanes in alternation, already counted as
    /// running; nil when every host with waiting requests is at its limit or paused.
    mutating func next() -> FetchRequest? {
        backlogsNext.toggle()
        if backlogsNext, let request = nextByBacklog() { return request }
        return nextInTurn() ?? nextByBacklog()
    }

    private mutating func nextInTurn() -> FetchRequest? {
        while let key = ready.pop() {
            update(key) { $0.inReady = false }
            if let request = start(from: key) { return request }
        }
        return nil
    }

    private mutating func nextByBacklog() -> FetchRequest? {
        while let (queuedBacklog, key) = backlogs.removeFirst() {
            guard let backlog = update(key, { host -> Double in
                host.inBacklogs = false
                return host.backlog
            }) else { continue }
            // Taken while it was queued, or its limit grew: in again at its backlog now, unless
            // it is still the largest (within a round).
            if backlog + 1 < queuedBacklog, let next = backlogs.first, next.priority > backlog {
                markReadyIfPossible(key)
                continue
            }
            if let request = start(from: key) { return request }
        }
        return nil
    }

    /// Starts the next request of `key` if it may start now, and queues the host again in the lane
    /// it was taken from if it still has a free slot and a request waiting. A host that may not
    /// start is queued again when that changes (a transfer ends, a pause ends, its name resolves).
    private mutating func start(from key: String) -> FetchRequest? {
        let isPaused = paused[key] != nil || held.contains(key)
        let taken: FetchRequest?? = update(key) { host in
            guard !isPaused, host.hasRoom, let request = host.waiting.pop() else { return nil }
            host.running += 1
            return request
        }
        guard let request = taken ?? nil else { return nil }
        waitingCount -= 1
        if running(for: key) == 1 { activeHosts += 1 }
        markReadyIfPossible(key)
        return request
    }

    /// Records that a transfer for `host`, started at `started`, ended with `response`, and lets the
    /// host's limit learn from it.
    mutating func finished(host key: String, response: HostResponse = .neutral, started: Instant? = nil,
                           at now: Instant = .now)
    {
        let outcome: (idle: Bool, cut: Bool, firstThrottle: Bool, limit: Int)? = update(key) { host in
            host.running = max(0, host.running - 1)
            let cutsBefore = host.concurrency.cuts
            host.concurrency.record(response, started: started ?? now, at: now, hadDemand: !host.waiting.isEmpty)
            let cut = host.concurrency.cuts > cutsBefore
            let first = cut && !host.throttled
            if cut { host.throttled = true }
            return (host.running == 0, cut, first, host.concurrency.allowed)
        }
        guard let outcome else { return }
        if outcome.idle { activeHosts -= 1 }
        if outcome.cut { cuts += 1 }
        if outcome.firstThrottle { throttledHosts += 1 }
        peakHostLimit = max(peakHostLimit, outcome.limit)
        markReadyIfPossible(key)
    }

    /// Starts nothing new for `host` before `instant` (a later pause already in place stays).
    mutating func pause(host key: String, until instant: Instant) {
        if let current = paused[key], current >= instant { return }
        if paused[key] == nil {
            pauses += 1
            let first = update(key) { host in
                defer { host.throttled = true }
                return !host.throttled
            }
            if first == true { throttledHosts += 1 }
        }
        paused[key] = instant
    }

    /// Starts nothing for `host` until `release` (its name is being resolved).
    mutating func hold(host key: String) {
        held.insert(key)
    }

    /// Lets a held host take turns again.
    mutating func release(host key: String) {
        guard held.remove(key) != nil else { return }
        markReadyIfPossible(key)
    }

    /// Hosts held for their name now.
    var heldHosts: Int { held.count }

    /// The earliest time a paused host may resume, nil when none is paused.
    var nextResumption: Instant? { paused.values.min() }

    /// Hosts paused now.
    var pausedHosts: Int { paused.count }

    /// Ends the pauses that are over by `now`, so those hosts take turns again.
    mutating func resume(at now: Instant) {
        guard let earliest = nextResumption, earliest <= now else { return }
        for (key, until) in paused where until <= now {
            paused[key] = nil
            markReadyIfPossible(key)
        }
    }

    /// The current limit of `host` (for tests and reports).
    func limit(of host: String) -> Int { hosts[host]?.concurrency.allowed ?? perHost }

    /// Transfers running for `host`.
    func running(for host: String) -> Int { hosts[host]?.running ?? 0 }

    /// Mutates a host's entry in place: going through a copy would copy its whole queue.
    @discardableResult
    private mutating func update<Result>(_ key: String, _ body: (inout Host) -> Result) -> Result? {
        guard let index = hosts.index(forKey: key) else { return nil }
        return body(&hosts.values[index])
    }

    /// Queues `key` in each lane it is not in yet, when it has a free slot and a request waiting.
    private mutating func markReadyIfPossible(_ key: String) {
        guard paused[key] == nil, !held.contains(key) else { return }
        let lanes = update(key) { host -> (turns: Bool, backlog: Double?) in
            guard !host.waiting.isEmpty, host.hasRoom else { return (false, nil) }
            defer { (host.inReady, host.inBacklogs) = (true, true) }
            return (!host.inReady, host.inBacklogs ? nil : host.backlog)
        }
        guard let lanes else { return }
        if lanes.turns { ready.push(key) }
        if let backlog = lanes.backlog { backlogs.insert(key, priority: backlog) }
    }

    private mutating func forgetIdleHosts() {
        hosts = hosts.filter {
            $0.value.running > 0 || !$0.value.waiting.isEmpty || paused[$0.key] != nil || held.contains($0.key)
        }
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
}
