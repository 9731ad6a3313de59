internal import CCurl

/// The fetch stage: drives many transfers at once through one libcurl multi handle on the
/// calling thread, under the limits of `FetchOptions`, and hands each result back as it finishes.
/// libcurl is driven by its sockets on epoll (`CurlSocketDriver`), so a wake-up costs the same
/// at ten transfers in flight or thousands.
/// The window is sized from the machine (`FetchWindow`), each host's share of it adapts to how the
/// host answers (`HostConcurrency`), and hosts take turns, every other start going to the host with
/// the most work waiting (`HostQueue`).
/// Not thread-safe: one `run` at a time.
public final class Fetcher {
    private let options: FetchOptions
    private let addressPolicy: AddressPolicy
    private let multi: UnsafeMutableRawPointer
    private let driver: CurlSocketDriver
    /// Resolves host names while their requests wait for a turn; nil leaves lookups to libcurl.
    private let resolver: HostNameResolver?
    /// The window every run of this fetcher uses.
    public let window: FetchWindow
    private let meter: BodyMeter
    /// Every easy handle made so far; finished ones wait in `idle` for the next request.
    private var transfers: [CurlTransfer] = []
    private var idle: [CurlTransfer] = []
    /// The figures of the run under way (or the last one), refreshed as transfers start and end.
    public private(set) var statistics = FetchStatistics()

    /// libcurl must be initialised once per process before any handle exists.
    private static let globalInit: CURLcode = lscurl_global_init()

    public convenience init(options: FetchOptions) throws(FetchError) {
        let policy = AddressPolicy(
            allowPrivateAddresses: options.allowPrivateAddresses, permittedNetworks: options.permittedNetworks)
        try self.init(options: options, addressPolicy: policy)
    }

    init(options: FetchOptions, addressPolicy: AddressPolicy) throws(FetchError) {
        try Self.validate(options)
        guard Self.globalInit == CURLE_OK else {
            throw .curl(operation: "curl_global_init", detail: String(cString: curl_easy_strerror(Self.globalInit)))
        }
        guard let multi = curl_multi_init() else {
            throw .curl(operation: "curl_multi_init", detail: "no handle returned")
        }
        let driver: CurlSocketDriver
        do {
            driver = try CurlSocketDriver(multi: multi)
        } catch {
            curl_multi_cleanup(multi)
            throw error
        }
        self.options = options
        self.addressPolicy = addressPolicy
        self.multi = multi
        self.driver = driver
        if options.lookupsAhead > 0 {
            let wakeup = driver.wakeup
            resolver = HostNameResolver(
                maxInFlight: options.lookupsAhead,
                cacheLifetime: options.dnsCacheTimeout < 0 ? nil : .seconds(options.dnsCacheTimeout),
                lookup: options.nameLookup ?? SystemNameLookup.answer(for:),
                finished: { wakeup.signal() })
        } else {
            resolver = nil
        }
        window = FetchWindow.sized(for: options)
        meter = BodyMeter(maxBodyBytes: options.maxBodyBytes)
        statistics.window = window
        // The host queue keeps each host within its limit; libcurl's own caps are backstops.
        for (option, value, name) in [
            (CURLMOPT_MAX_HOST_CONNECTIONS, max(options.perHost, options.maxPerHost), "CURLMOPT_MAX_HOST_CONNECTIONS"),
            (CURLMOPT_MAXCONNECTS, window.transfers, "CURLMOPT_MAXCONNECTS"),
        ] {
            let code = lscurl_multi_setopt_long(multi, option, value)
            guard code == CURLM_OK else {
                curl_multi_cleanup(multi)
                throw .curl(operation: "setting \(name)", detail: String(cString: curl_multi_strerror(code)))
            }
        }
    }

    deinit {
        transfers.removeAll()
        idle.removeAll()
        curl_multi_cleanup(multi)
    }

    /// Pulls requests from `next`, calls `completed` for each finished one (on this thread), and
    /// returns once `next` has returned nil and every transfer has finished.
    ///
    /// At most `window.transfers` run at once, and none starts while the bodies being received fill
    /// `window.bodyBudget`. Each host runs at most its current limit (`HostConcurrency`); hosts take
    /// turns for free slots, every other start going to the host with the most work waiting.
    /// Requests are pulled only when no waiting one may start, and at most
    /// `8 × window` wait at once (retries waiting out their backoff included). A transient failure
    /// is retried after a backoff (see `RetryPolicy`) while other transfers go on; a Retry-After on
    /// 429 or 503 also pauses the whole host until then. `completed` sees each request once, after
    /// its last attempt.
    ///
    /// While `holdsStarts` returns true (the consumer of the results is behind), nothing new starts,
    /// but the transfers in flight are still driven to their end: a consumer that blocked inside
    /// `completed` instead would stall every transfer in flight until they timed out. It is told how
    /// many transfers are in flight, each a result still to come: a consumer that counted only what
    /// it holds would let a whole window start at once, be flooded by its answers, and then hold
    /// every start while it caught up, leaving the network idle.
    public func run(
        next: () -> FetchRequest?, completed: (FetchResult) -> Void,
        holdsStarts: (_ inFlight: Int) -> Bool = { _ in false }, stop: StopRequest? = nil
    ) {
        run(
            supply: { next().map(FetchSupply.request) ?? .exhausted }, completed: completed,
            holdsStarts: holdsStarts, stop: stop)
    }

    /// As `run(next:completed:)`, but `supply` may also answer `.later`: it is asked again once a
    /// transfer has finished (or the next time round the loop, at most a few milliseconds on when
    /// nothing is in flight). Once `stop` is requested, no request is taken or started, transfers
    /// in flight are abandoned without a result, and `run` returns.
    public func run(
        supply: () -> FetchSupply, completed handOver: (FetchResult) -> Void,
        holdsStarts: (_ inFlight: Int) -> Bool = { _ in false }, stop: StopRequest? = nil
    ) {
        var hosts = HostQueue(perHost: options.perHost, maxPerHost: options.maxPerHost)
        var backoff = RetryQueue()
        var random = SystemRandomNumberGenerator()
        let retryPolicy = RetryPolicy(options: options)
        let readAhead = window.transfers * 8
        var inFlight = 0
        var exhausted = false
        // The caller said `.later`: not asked again until a result has been handed back.
        var holding = false
        // Hosts held in the queue until the lookup of their name (the key) finishes.
        var awaitingNames: [String: [String]] = [:]
        statistics = FetchStatistics()
        statistics.window = window

        func completed(_ result: FetchResult) {
            holding = false
            handOver(result)
        }

        /// Queues `request` for its host's turn; a host whose name is not known yet is held while
        /// the name is looked up.
        func enqueue(_ request: FetchRequest) {
            hosts.enqueue(request)
            guard let resolver else { return }
            let key = HostQueue.hostKey(of: request.url)
            guard let name = nameToResolve(inHostKey: key), resolver.resolve(name) == nil else { return }
            if awaitingNames[name]?.contains(key) != true {
                awaitingNames[name, default: []].append(key)
                hosts.hold(host: key)
            }
        }

        func releaseResolvedHosts() {
            guard let resolver else { return }
            for name in resolver.takeFinished() {
                for key in awaitingNames.removeValue(forKey: name) ?? [] { hosts.release(host: key) }
            }
        }

        func bodiesHaveRoom() -> Bool {
            // An empty window may always start one: a single capped body fits the budget by construction.
            inFlight == 0 || meter.hasRoom(inFlight: inFlight, budget: window.bodyBudget)
        }

        func launch(_ request: FetchRequest) {
            switch start(request) {
            case .started:
                inFlight += 1
                statistics.peakInFlight = max(statistics.peakInFlight, inFlight)
            case .failed(let result):
                completed(result)
                hosts.finished(host: HostQueue.hostKey(of: request.url))
            }
        }

        /// Starts waiting requests in host turn order, pulling more only when none may start.
        func fill() {
            while inFlight < window.transfers, !holdsStarts(inFlight) {
                guard bodiesHaveRoom() else {
                    statistics.bodyBudgetWaits += 1
                    return
                }
                if let request = hosts.next() {
                    launch(request)
                    continue
                }
                guard !exhausted, !holding, hosts.waitingCount + backoff.count < readAhead else { return }
                switch supply() {
                case .request(let request): enqueue(request)
                case .later: holding = true
                case .exhausted: exhausted = true
                }
            }
        }

        while true {
            if stop?.isRequested == true {
                abandonTransfers()
                return
            }
            let now = ContinuousClock.now
            hosts.resume(at: now)
            for request in backoff.takeDue(at: now) { enqueue(request) }
            releaseResolvedHosts()
            holding = false
            fill()
            record(hosts: hosts, inFlight: inFlight, retrying: backoff.count)
            if exhausted, inFlight == 0, hosts.waitingCount == 0, backoff.isEmpty { return }

            var finished = 0
            var queued: Int32 = 0
            while let message = curl_multi_info_read(multi, &queued) {
                guard let easy = lscurl_msg_done_handle(message), let transfer = transfer(of: easy),
                    var request = transfer.request
                else { continue }
                let code = lscurl_msg_done_result(message)
                _ = curl_multi_remove_handle(multi, easy)
                let result = transfer.finish(code)
                idle.append(transfer)
                inFlight -= 1
                finished += 1
                let ended = ContinuousClock.now
                let host = HostQueue.hostKey(of: request.url)
                let response = HostResponse(result)
                if response == .overloaded, result.httpStatus != nil { statistics.overloadResponses += 1 }
                hosts.finished(
                    host: host, response: response, started: ended - .milliseconds(Int64(result.elapsed * 1000)), at: ended)
                if RetryPolicy.isTransient(result.outcome, requestSent: transfer.requestSent),
                    let delay = retryPolicy.delay(
                        afterFailures: request.attempt, retryAfter: transfer.retryAfter, using: &random)
                {
                    let due = ended + .milliseconds(Int64((delay * 1000).rounded(.up)))
                    if transfer.retryAfter != nil, result.httpStatus == 429 || result.httpStatus == 503 {
                        hosts.pause(host: host, until: due)
                    }
                    request.attempt += 1
                    backoff.add(request, due: due)
                } else {
                    completed(result)
                }
            }
            if finished == 0 {
                // With the window full, due retries and resumptions wait for a transfer to finish;
                // while starts are held, or the caller holds rows for work outside the fetcher
                // (hashing) with nothing in flight, the loop looks again soon.
                var deadlines = inFlight < window.transfers ? [backoff.nextDue, hosts.nextResumption] : []
                if holdsStarts(inFlight) || (holding && inFlight == 0) {
                    deadlines.append(ContinuousClock.now + .milliseconds(5))
                }
                driver.drive(waitingAtMost: waitTime(until: deadlines))
            }
        }
    }

    private func record(hosts: HostQueue, inFlight: Int, retrying: Int) {
        statistics.inFlight = inFlight
        statistics.waiting = hosts.waitingCount
        statistics.retrying = retrying
        statistics.activeHosts = hosts.activeHosts
        statistics.hostsSeen = hosts.hostsSeen
        statistics.throttledHosts = hosts.throttledHosts
        statistics.pausedHosts = hosts.pausedHosts
        statistics.limitCuts = hosts.cuts
        statistics.hostPauses = hosts.pauses
        statistics.peakHostLimit = hosts.peakHostLimit
        statistics.bodyBytesInFlight = meter.bytes
        statistics.peakBodyBytesInFlight = meter.peak
        statistics.hostsAwaitingNames = hosts.heldHosts
        if let names = resolver?.statistics {
            statistics.nameLookups = names.lookups
            statistics.peakNameLookupsInFlight = names.peakInFlight
            statistics.namesResolving = names.resolving
        }
    }

    /// The host name in a host key ("name" or "name:port") that is worth resolving ahead: nil for
    /// an address literal, and for a name the address policy refuses outright (the transfer is
    /// refused before any lookup).
    private func nameToResolve(inHostKey key: String) -> String? {
        guard !key.hasPrefix("[") else { return nil }
        let name = key.firstIndex(of: ":").map { String(key[..<$0]) } ?? key
        guard !name.isEmpty, IPAddress(name) == nil, addressPolicy.permits(host: name) else { return nil }
        return name
    }

    /// What the resolver knows of `request`'s host: where to connect, or the outcome that ends the
    /// request without one (a name that does not resolve, or resolves only to refused addresses).
    private func resolvedAddresses(for request: FetchRequest) -> Result<[IPAddress]?, FetchOutcomeFailure> {
        guard let resolver, let name = nameToResolve(inHostKey: HostQueue.hostKey(of: request.url)) else {
            return .success(nil)
        }
        switch resolver.answer(for: name) {
        case nil:
            return .success(nil)
        case .unresolvable:
            return .failure(FetchOutcomeFailure(outcome: .dnsFailure))
        case .addresses(let addresses):
            guard addresses.contains(where: { addressPolicy.permits($0) }) else {
                return .failure(FetchOutcomeFailure(outcome: .blockedAddress))
            }
            return .success(addresses)
        }
    }

    /// Takes every transfer in flight off the multi handle without a result, for a stopped run:
    /// their rows were never recorded, so a rerun fetches them.
    private func abandonTransfers() {
        for transfer in transfers where transfer.request != nil {
            _ = curl_multi_remove_handle(multi, transfer.handle)
            transfer.abandon()
            idle.append(transfer)
        }
    }

    /// How long to wait for socket activity: at most a second, and no later than the next retry
    /// or host resumption is due.
    private func waitTime(until deadlines: [ContinuousClock.Instant?]) -> Duration {
        var timeout = Duration.seconds(1)
        let now = ContinuousClock.now
        for case let deadline? in deadlines {
            timeout = min(timeout, max(.zero, deadline - now))
        }
        return timeout
    }

    private enum Start {
        case started
        case failed(FetchResult)
    }

    /// An outcome that ends a request before libcurl sees it.
    private struct FetchOutcomeFailure: Error {
        let outcome: FetchOutcome
    }

    private func start(_ request: FetchRequest) -> Start {
        let resolved: [IPAddress]?
        switch resolvedAddresses(for: request) {
        case .success(let addresses):
            resolved = addresses
        case .failure(let failure):
            return .failed(FetchResult(
                id: request.id, outcome: failure.outcome, httpStatus: nil, contentType: nil, body: [],
                effectiveURL: nil, elapsed: 0, attempts: request.attempt))
        }
        let transfer: CurlTransfer
        if let reused = idle.popLast() {
            transfer = reused
        } else {
            do {
                transfer = try CurlTransfer(options: options, addressPolicy: addressPolicy, meter: meter)
            } catch {
                return .failed(FetchResult(
                    id: request.id, outcome: .transferFailed(error.description), httpStatus: nil,
                    contentType: nil, body: [], effectiveURL: nil, elapsed: 0, attempts: request.attempt))
            }
            transfers.append(transfer)
        }
        if let refusal = transfer.begin(request, attempt: request.attempt, resolvedAddresses: resolved) {
            idle.append(transfer)
            return .failed(transfer.failedToStart(refusal))
        }
        let added = curl_multi_add_handle(multi, transfer.handle)
        guard added == CURLM_OK else {
            idle.append(transfer)
            return .failed(transfer.failedToStart(.transferFailed(String(cString: curl_multi_strerror(added)))))
        }
        return .started
    }

    private func transfer(of easy: UnsafeMutableRawPointer) -> CurlTransfer? {
        var pointer: UnsafeMutableRawPointer?
        guard lscurl_getinfo_pointer(easy, CURLINFO_PRIVATE, &pointer) == CURLE_OK, let pointer else { return nil }
        return Unmanaged<CurlTransfer>.fromOpaque(pointer).takeUnretainedValue()
    }

    private static func validate(_ options: FetchOptions) throws(FetchError) {
        if let concurrency = options.concurrency, concurrency < 1 {
            throw .invalidOptions("concurrency must be at least 1, not \(concurrency)")
        }
        if options.perHost < 1 { throw .invalidOptions("perHost must be at least 1, not \(options.perHost)") }
        if options.maxPerHost < 1 { throw .invalidOptions("maxPerHost must be at least 1, not \(options.maxPerHost)") }
        if options.lookupsAhead < 0 { throw .invalidOptions("lookupsAhead must not be negative, not \(options.lookupsAhead)") }
        if let budget = options.bodyBudget, budget < 1 {
            throw .invalidOptions("bodyBudget must be at least 1 byte, not \(budget)")
        }
        // libcurl reads a zero CURLOPT_MAXFILESIZE_LARGE as "no limit", so a cap must be positive.
        if options.maxBodyBytes < 1 { throw .invalidOptions("maxBodyBytes must be at least 1, not \(options.maxBodyBytes)") }
        if options.maxRedirects < 0 { throw .invalidOptions("maxRedirects must not be negative") }
        if options.retries < 0 { throw .invalidOptions("retries must not be negative") }
        if options.dnsCacheTimeout < -1 { throw .invalidOptions("dnsCacheTimeout must be -1 (forever) or more") }
        if !(options.retryBaseDelay >= 0) || !(options.maxRetryDelay >= 0) {
            throw .invalidOptions("retry delays must not be negative")
        }
        // Seconds become whole milliseconds for libcurl: an infinite or huge value would not convert.
        let longest = 365.0 * 86_400
        for (name, value) in [("connectTimeout", options.connectTimeout), ("totalTimeout", options.totalTimeout),
                              ("lowSpeedTime", options.lowSpeedTime), ("retryBaseDelay", options.retryBaseDelay),
                              ("maxRetryDelay", options.maxRetryDelay)] where !(value <= longest) {
            throw .invalidOptions("\(name) must be a finite number of seconds up to \(Int(longest)), not \(value)")
        }
        for (name, value) in [("userAgent", options.userAgent), ("contactURL", options.contactURL ?? "")]
        where TerminalText.containsControlCharacter(value) {
            throw .invalidOptions("\(name) must not contain control characters (they would end the header line)")
        }
        if options.lowSpeedLimit < 0 { throw .invalidOptions("lowSpeedLimit must not be negative") }
        for (name, value) in [("connectTimeout", options.connectTimeout), ("totalTimeout", options.totalTimeout),
                              ("lowSpeedTime", options.lowSpeedTime)] where !(value > 0) {
            throw .invalidOptions("\(name) must be a positive number of seconds, not \(value)")
        }
    }
}
