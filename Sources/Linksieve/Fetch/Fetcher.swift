internal import CCurl

/// The fetch stage: drives many transfers at once through one libcurl multi handle on the
/// calling thread, under the limits of `FetchOptions`, and hands each result back as it finishes.
/// Not thread-safe: one `run` at a time.
public final class Fetcher {
    private let options: FetchOptions
    private let addressPolicy: AddressPolicy
    private let multi: UnsafeMutableRawPointer
    /// Every easy handle made so far; finished ones wait in `idle` for the next request.
    private var transfers: [CurlTransfer] = []
    private var idle: [CurlTransfer] = []

    /// libcurl must be initialised once per process before any handle exists.
    private static let globalInit: CURLcode = lscurl_global_init()

    public convenience init(options: FetchOptions) throws(FetchError) {
        try self.init(options: options, addressPolicy: AddressPolicy(allowPrivateAddresses: options.allowPrivateAddresses))
    }

    init(options: FetchOptions, addressPolicy: AddressPolicy) throws(FetchError) {
        try Self.validate(options)
        guard Self.globalInit == CURLE_OK else {
            throw .curl(operation: "curl_global_init", detail: String(cString: curl_easy_strerror(Self.globalInit)))
        }
        guard let multi = curl_multi_init() else {
            throw .curl(operation: "curl_multi_init", detail: "no handle returned")
        }
        self.options = options
        self.addressPolicy = addressPolicy
        self.multi = multi
        let perHost = lscurl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, options.perHost)
        guard perHost == CURLM_OK else {
            curl_multi_cleanup(multi)
            throw .curl(operation: "setting CURLMOPT_MAX_HOST_CONNECTIONS", detail: String(cString: curl_multi_strerror(perHost)))
        }
    }

    deinit {
        transfers.removeAll()
        idle.removeAll()
        curl_multi_cleanup(multi)
    }

    /// Pulls requests from `next` while fewer than `concurrency` are in flight, calls `completed`
    /// for each finished one (on this thread), and returns once `next` has returned nil and every
    /// transfer has finished. Requests for a host already at `perHost` wait (at most
    /// `8 × concurrency` of them) until one of its transfers ends.
    public func run(next: () -> FetchRequest?, completed: (FetchResult) -> Void) {
        var hosts = HostQueue(perHost: options.perHost)
        let maxWaiting = options.concurrency * 8
        var inFlight = 0
        var exhausted = false

        func launch(_ request: FetchRequest) {
            var pending: FetchRequest? = request
            while let current = pending {
                switch start(current) {
                case .started:
                    inFlight += 1
                    return
                case .failed(let result):
                    completed(result)
                    pending = hosts.finished(host: HostQueue.hostKey(of: current.url))
                }
            }
        }

        while true {
            while !exhausted, inFlight < options.concurrency, hosts.waitingCount < maxWaiting {
                guard let request = next() else {
                    exhausted = true
                    break
                }
                if let admitted = hosts.admit(request) { launch(admitted) }
            }
            if exhausted, inFlight == 0, hosts.waitingCount == 0 { return }

            var running: Int32 = 0
            _ = curl_multi_perform(multi, &running)
            var finished = 0
            var queued: Int32 = 0
            while let message = curl_multi_info_read(multi, &queued) {
                guard let easy = lscurl_msg_done_handle(message), let transfer = transfer(of: easy),
                    let request = transfer.request
                else { continue }
                let code = lscurl_msg_done_result(message)
                _ = curl_multi_remove_handle(multi, easy)
                let result = transfer.finish(code)
                idle.append(transfer)
                inFlight -= 1
                finished += 1
                completed(result)
                if let following = hosts.finished(host: HostQueue.hostKey(of: request.url)) { launch(following) }
            }
            if finished == 0 {
                _ = curl_multi_poll(multi, nil, 0, 1000, nil)
            }
        }
    }

    private enum Start {
        case started
        case failed(FetchResult)
    }

    private func start(_ request: FetchRequest) -> Start {
        let transfer: CurlTransfer
        if let reused = idle.popLast() {
            transfer = reused
        } else {
            do {
                transfer = try CurlTransfer(options: options, addressPolicy: addressPolicy)
            } catch {
                return .failed(FetchResult(
                    id: request.id, outcome: .transferFailed(error.description), httpStatus: nil,
                    contentType: nil, body: [], effectiveURL: nil, elapsed: 0))
            }
            transfers.append(transfer)
        }
        guard transfer.begin(request) else {
            idle.append(transfer)
            return .failed(transfer.failedToStart("libcurl refused the URL"))
        }
        let added = curl_multi_add_handle(multi, transfer.handle)
        guard added == CURLM_OK else {
            idle.append(transfer)
            return .failed(transfer.failedToStart(String(cString: curl_multi_strerror(added))))
        }
        return .started
    }

    private func transfer(of easy: UnsafeMutableRawPointer) -> CurlTransfer? {
        var pointer: UnsafeMutableRawPointer?
        guard lscurl_getinfo_pointer(easy, CURLINFO_PRIVATE, &pointer) == CURLE_OK, let pointer else { return nil }
        return Unmanaged<CurlTransfer>.fromOpaque(pointer).takeUnretainedValue()
    }

    private static func validate(_ options: FetchOptions) throws(FetchError) {
        if options.concurrency < 1 { throw .invalidOptions("concurrency must be at least 1, not \(options.concurrency)") }
        if options.perHost < 1 { throw .invalidOptions("perHost must be at least 1, not \(options.perHost)") }
        // libcurl reads a zero CURLOPT_MAXFILESIZE_LARGE as "no limit", so a cap must be positive.
        if options.maxBodyBytes < 1 { throw .invalidOptions("maxBodyBytes must be at least 1, not \(options.maxBodyBytes)") }
        if options.maxRedirects < 0 { throw .invalidOptions("maxRedirects must not be negative") }
        if options.lowSpeedLimit < 0 { throw .invalidOptions("lowSpeedLimit must not be negative") }
        for (name, value) in [("connectTimeout", options.connectTimeout), ("totalTimeout", options.totalTimeout),
                              ("lowSpeedTime", options.lowSpeedTime)] where !(value > 0) {
            throw .invalidOptions("\(name) must be a positive number of seconds, not \(value)")
        }
    }
}
