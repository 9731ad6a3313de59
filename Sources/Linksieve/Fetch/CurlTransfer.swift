internal import CCurl

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One libcurl easy handle, configured once with every safety limit and reused for request
/// after request, together with the state of the fetch it is currently running.
final class CurlTransfer {
    let handle: UnsafeMutableRawPointer
    let addressPolicy: AddressPolicy
    private let maxBodyBytes: Int
    private let redirectGate: RedirectGate
    /// Where the bytes this transfer holds are counted, and how many it has counted there.
    private let meter: BodyMeter
    private var metered = 0

    private(set) var request: FetchRequest?
    private var body: [UInt8] = []
    /// Whether the response being received is a success (its body is kept) or not (discarded).
    private var keepsBody: Bool?
    private var discardedBytes = 0
    private var bodyOverCap = false
    /// Set when the opensocket or pre-request callback refused an address or host for this fetch.
    fileprivate(set) var refusedAddress = false
    /// Whether a request went out on a connection during this attempt (the pre-request callback ran).
    fileprivate(set) var requestSent = false
    /// Set when the redirect gate refused the URL this fetch was redirected to.
    private var redirectRefusal: RedirectRefusal?
    /// The last redirect target the gate let through (the resolver and pre-request checks both ask).
    private var permittedRedirect: String?
    /// X-Robots-Tag values of the latest response head received.
    private var robotsTagValues: [String] = []
    /// Seconds the latest response asked us to wait before trying again.
    fileprivate(set) var retryAfter: Double?
    private var attempt = 1
    private var started = ContinuousClock.now
    /// Conditional-request headers of the current fetch, freed when it finishes.
    private var requestHeaders: UnsafeMutablePointer<curl_slist>?
    /// The CURLOPT_RESOLVE entry of the current fetch (its host's addresses, resolved ahead).
    private var resolveEntries: UnsafeMutablePointer<curl_slist>?

    init(options: FetchOptions, addressPolicy: AddressPolicy, meter: BodyMeter) throws(FetchError) {
        guard let handle = curl_easy_init() else {
            throw .curl(operation: "curl_easy_init", detail: "no handle returned")
        }
        self.handle = handle
        self.addressPolicy = addressPolicy
        self.maxBodyBytes = options.maxBodyBytes
        self.redirectGate = options.redirectGate
        self.meter = meter
        do {
            try configure(options)
        } catch {
            curl_easy_cleanup(handle)
            throw error
        }
    }

    deinit {
        meter.remove(metered)
        curl_easy_cleanup(handle)
    }

    private func configure(_ options: FetchOptions) throws(FetchError) {
        let me = Unmanaged.passUnretained(self).toOpaque()
        try check(lscurl_setopt_pointer(handle, CURLOPT_PRIVATE, me), "CURLOPT_PRIVATE")
        try check(lscurl_setopt_write_function(handle, writeBody), "CURLOPT_WRITEFUNCTION")
        try check(lscurl_setopt_pointer(handle, CURLOPT_WRITEDATA, me), "CURLOPT_WRITEDATA")
        try check(lscurl_setopt_opensocket_function(handle, openCheckedSocket), "CURLOPT_OPENSOCKETFUNCTION")
        try check(lscurl_setopt_pointer(handle, CURLOPT_OPENSOCKETDATA, me), "CURLOPT_OPENSOCKETDATA")
        try check(lscurl_setopt_header_function(handle, readHeaderLine), "CURLOPT_HEADERFUNCTION")
        try check(lscurl_setopt_pointer(handle, CURLOPT_HEADERDATA, me), "CURLOPT_HEADERDATA")
        try check(lscurl_setopt_resolver_start_function(handle, checkBeforeResolving), "CURLOPT_RESOLVER_START_FUNCTION")
        try check(lscurl_setopt_pointer(handle, CURLOPT_RESOLVER_START_DATA, me), "CURLOPT_RESOLVER_START_DATA")
        try check(lscurl_setopt_prereq_function(handle, checkBeforeRequest), "CURLOPT_PREREQFUNCTION")
        try check(lscurl_setopt_pointer(handle, CURLOPT_PREREQDATA, me), "CURLOPT_PREREQDATA")

        try check(lscurl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"), "CURLOPT_PROTOCOLS_STR")
        try check(lscurl_setopt_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"), "CURLOPT_REDIR_PROTOCOLS_STR")
        try check(lscurl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 1), "CURLOPT_FOLLOWLOCATION")
        try check(lscurl_setopt_long(handle, CURLOPT_MAXREDIRS, options.maxRedirects), "CURLOPT_MAXREDIRS")
        try check(lscurl_setopt_off_t(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(options.maxBodyBytes)), "CURLOPT_MAXFILESIZE_LARGE")

        try check(lscurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, milliseconds(options.connectTimeout)), "CURLOPT_CONNECTTIMEOUT_MS")
        try check(lscurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, milliseconds(options.totalTimeout)), "CURLOPT_TIMEOUT_MS")
        try check(lscurl_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, options.lowSpeedLimit), "CURLOPT_LOW_SPEED_LIMIT")
        // libcurl takes whole seconds here; round up so a limit never becomes "disabled" (0).
        let lowSpeedSeconds = max(1, Int(options.lowSpeedTime.rounded(.up)))
        try check(lscurl_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, lowSpeedSeconds), "CURLOPT_LOW_SPEED_TIME")

        // Bodies arrive exactly as sent: no Accept-Encoding is offered and nothing is inflated,
        // so the size cap bounds memory and the digests are of the served bytes.
        try check(lscurl_setopt_long(handle, CURLOPT_HTTP_CONTENT_DECODING, 0), "CURLOPT_HTTP_CONTENT_DECODING")
        try check(lscurl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1), "CURLOPT_SSL_VERIFYPEER")
        try check(lscurl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2), "CURLOPT_SSL_VERIFYHOST")
        if let caBundle = options.caBundle {
            try check(lscurl_setopt_string(handle, CURLOPT_CAINFO, caBundle), "CURLOPT_CAINFO")
        }
        // Handles in one multi share its DNS cache; this keeps entries for the run, not libcurl's 60 s.
        try check(lscurl_setopt_long(handle, CURLOPT_DNS_CACHE_TIMEOUT, options.dnsCacheTimeout), "CURLOPT_DNS_CACHE_TIMEOUT")
        // An empty proxy ignores http_proxy and friends: every connection goes through the address check.
        try check(lscurl_setopt_string(handle, CURLOPT_PROXY, ""), "CURLOPT_PROXY")
        try check(lscurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1), "CURLOPT_NOSIGNAL")
        try check(lscurl_setopt_string(handle, CURLOPT_USERAGENT, options.userAgentHeader), "CURLOPT_USERAGENT")
    }

    /// Points the handle at `request` (attempt number `attempt`) and clears what the previous fetch
    /// left behind; returns the outcome that stops it from starting, if any. `resolvedAddresses`,
    /// when given, are where the URL's host name is reached (libcurl does not look it up again);
    /// every socket opened for them still goes through the address policy.
    func begin(_ request: FetchRequest, attempt: Int, resolvedAddresses: [IPAddress]? = nil) -> FetchOutcome? {
        self.request = request
        self.attempt = attempt
        body = []
        releaseMeteredBytes()
        keepsBody = nil
        discardedBytes = 0
        bodyOverCap = false
        refusedAddress = false
        requestSent = false
        redirectRefusal = nil
        permittedRedirect = nil
        robotsTagValues = []
        retryAfter = nil
        started = .now
        if let host = Self.host(of: request.url), !addressPolicy.permits(host: host) { return .blockedAddress }
        if let resolvedAddresses, let entry = Self.resolveEntry(for: request.url, addresses: resolvedAddresses) {
            resolveEntries = curl_slist_append(nil, entry)
            guard lscurl_setopt_pointer(handle, CURLOPT_RESOLVE, resolveEntries) == CURLE_OK else {
                return .transferFailed("libcurl refused the resolved addresses")
            }
        }
        if let etag = request.ifNoneMatch { requestHeaders = curl_slist_append(requestHeaders, "If-None-Match: \(etag)") }
        if let date = request.ifModifiedSince {
            requestHeaders = curl_slist_append(requestHeaders, "If-Modified-Since: \(date)")
        }
        guard lscurl_setopt_pointer(handle, CURLOPT_HTTPHEADER, requestHeaders) == CURLE_OK,
            lscurl_setopt_long(handle, CURLOPT_PIPEWAIT, Self.waitsForMultiplexing(request.url) ? 1 : 0) == CURLE_OK,
            lscurl_setopt_string(handle, CURLOPT_URL, request.url) == CURLE_OK
        else {
            return .transferFailed("libcurl refused the URL")
        }
        return nil
    }

    /// Whether a transfer of `url` waits for a connection to its host that is being set up, to run
    /// as one more HTTP/2 stream on it, rather than opening another. Only over TLS: ALPN settles
    /// the protocol with the handshake. Over plain HTTP libcurl learns it only from the first
    /// response, so every other transfer to the host would wait on that one (until its timeout,
    /// when its URL hangs).
    static func waitsForMultiplexing(_ url: String) -> Bool {
        url.utf8.prefix(6).map { $0 | 0x20 }.elementsEqual("https:".utf8)
    }

    /// The last response's value of header `name`, if it had one.
    private func responseHeader(_ name: String) -> String? {
        var header: UnsafeMutablePointer<curl_header>?
        guard curl_easy_header(handle, name, 0, UInt32(CURLH_HEADER), -1, &header) == CURLHE_OK,
              let value = header?.pointee.value
        else { return nil }
        return String(cString: value)
    }

    private func clearRequestHeaders() {
        lscurl_setopt_pointer(handle, CURLOPT_HTTPHEADER, nil)
        curl_slist_free_all(requestHeaders)
        requestHeaders = nil
        lscurl_setopt_pointer(handle, CURLOPT_RESOLVE, nil)
        curl_slist_free_all(resolveEntries)
        resolveEntries = nil
    }

    /// "host:port:address,address" for CURLOPT_RESOLVE (IPv6 addresses in brackets), nil if the
    /// URL has no host name and port libcurl can read.
    static func resolveEntry(for url: String, addresses: [IPAddress]) -> String? {
        guard !addresses.isEmpty, let parsed = curl_url() else { return nil }
        defer { curl_url_cleanup(parsed) }
        guard curl_url_set(parsed, CURLUPART_URL, url, UInt32(CURLU_NON_SUPPORT_SCHEME)) == CURLUE_OK else { return nil }
        var host: UnsafeMutablePointer<CChar>?
        var port: UnsafeMutablePointer<CChar>?
        guard curl_url_get(parsed, CURLUPART_HOST, &host, 0) == CURLUE_OK, let host else { return nil }
        defer { curl_free(host) }
        guard curl_url_get(parsed, CURLUPART_PORT, &port, UInt32(CURLU_DEFAULT_PORT)) == CURLUE_OK, let port else {
            return nil
        }
        defer { curl_free(port) }
        let list = addresses.map { address in
            if case .v6 = address { "[\(address)]" } else { address.description }
        }
        return "\(String(cString: host)):\(String(cString: port)):\(list.joined(separator: ","))"
    }

    /// Turns libcurl's result into a `FetchResult`, handing over the body and forgetting the request.
    func finish(_ code: CURLcode) -> FetchResult {
        let status = longInfo(CURLINFO_RESPONSE_CODE)
        let outcome = outcome(of: code, status: status)
        var result = FetchResult(
            id: request?.id ?? -1,
            outcome: outcome,
            httpStatus: status == 0 ? nil : status,
            contentType: stringInfo(CURLINFO_CONTENT_TYPE),
            body: outcome == .ok ? body : [],
            effectiveURL: stringInfo(CURLINFO_EFFECTIVE_URL),
            elapsed: seconds(ContinuousClock.now - started),
            robotsDirectives: RobotsTag.directives(fromHeaderValues: robotsTagValues),
            attempts: attempt
        )
        result.redirectRefusal = redirectRefusal
        if status != 0 {
            result.etag = responseHeader("ETag")
            result.lastModified = responseHeader("Last-Modified")
        }
        clearRequestHeaders()
        body = []
        meter.finished(holding: metered)
        releaseMeteredBytes()
        request = nil
        return result
    }

    /// Forgets the request without a result (the run is stopping); the body is dropped.
    func abandon() {
        clearRequestHeaders()
        body = []
        releaseMeteredBytes()
        request = nil
    }

    /// The result for a request libcurl never started (refused host, or the URL could not be set or added).
    func failedToStart(_ outcome: FetchOutcome) -> FetchResult {
        let result = FetchResult(
            id: request?.id ?? -1, outcome: outcome, httpStatus: nil, contentType: nil,
            body: [], effectiveURL: nil, elapsed: seconds(ContinuousClock.now - started), attempts: attempt
        )
        clearRequestHeaders()
        releaseMeteredBytes()
        request = nil
        return result
    }

    /// The body's bytes leave this transfer's count (handed to the caller, or dropped).
    private func releaseMeteredBytes() {
        meter.remove(metered)
        metered = 0
    }

    /// Counts what the body holds now, reserved capacity included.
    private func meterBody() {
        let holding = body.capacity
        if holding > metered {
            meter.add(holding - metered)
            metered = holding
        }
    }

    private func outcome(of code: CURLcode, status: Int) -> FetchOutcome {
        let isSuccess = (200..<300).contains(status)
        if let redirectRefusal {
            return redirectRefusal.problem == nil ? .listedRedirect : .invalidRedirect
        }
        if code == CURLE_OK {
            return isSuccess ? .ok : .httpStatus(status)
        }
        switch code {
        case CURLE_WRITE_ERROR where bodyOverCap, CURLE_FILESIZE_EXCEEDED:
            return status != 0 && !isSuccess ? .httpStatus(status) : .tooLarge
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout
        case CURLE_TOO_MANY_REDIRECTS:
            return .tooManyRedirects
        case CURLE_UNSUPPORTED_PROTOCOL:
            return .blockedScheme
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return refusedAddress ? .blockedAddress : .dnsFailure
        case CURLE_COULDNT_CONNECT:
            // A refused socket surfaces from libcurl as a failed connect.
            return refusedAddress ? .blockedAddress : .connectFailed
        case CURLE_ABORTED_BY_CALLBACK where refusedAddress:
            return .blockedAddress
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING:
            return .connectionReset
        case CURLE_PARTIAL_FILE:
            return .truncatedBody
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
            CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR,
            CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE,
            CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED,
            CURLE_USE_SSL_FAILED:
            return .tlsFailure
        default:
            return .transferFailed(String(cString: curl_easy_strerror(code)))
        }
    }

    /// Accepts a chunk of body; false aborts the transfer (body over the cap).
    fileprivate func receive(_ chunk: UnsafeRawBufferPointer) -> Bool {
        if keepsBody == nil {
            let keeps = (200..<300).contains(longInfo(CURLINFO_RESPONSE_CODE))
            keepsBody = keeps
            if keeps {
                var announced: curl_off_t = -1
                _ = lscurl_getinfo_off_t(handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &announced)
                if announced > 0 {
                    body.reserveCapacity(min(Int(announced), maxBodyBytes))
                    meterBody()
                }
            }
        }
        if keepsBody == true {
            guard body.count + chunk.count <= maxBodyBytes else {
                bodyOverCap = true
                return false
            }
            body.append(contentsOf: chunk)
            meterBody()
        } else {
            // Error pages are not kept, but an endless one still ends at the cap.
            discardedBytes += chunk.count
            if discardedBytes > maxBodyBytes {
                bodyOverCap = true
                return false
            }
        }
        return true
    }

    /// Takes one header line; a status line starts a new response head (after a redirect or a
    /// 100 Continue), so only the final response's headers count.
    fileprivate func receiveHeader(_ line: String) {
        if line.hasPrefix("HTTP/") {
            robotsTagValues = []
            retryAfter = nil
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].lowercased()
        let value = String(line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" })
            .droppingTrailingWhitespace
        switch name {
        case "x-robots-tag": robotsTagValues.append(value)
        case "retry-after": retryAfter = Self.retryAfterSeconds(value)
        default: break
        }
    }

    /// Retry-After as delay-seconds or as an HTTP date; nil if it is neither.
    static func retryAfterSeconds(_ value: String) -> Double? {
        if let seconds = Int(value), seconds >= 0 { return Double(seconds) }
        let date = curl_getdate(value, nil)
        guard date >= 0 else { return nil }
        return max(0, Double(date - time(nil)))
    }

    /// Checks the connection a request is about to be sent on: its address (also for a reused
    /// connection) and the host name of the URL now being fetched, which after a redirect is new.
    fileprivate func permitsRequest(toAddress address: String) -> Bool {
        guard permitsCurrentURL() else { return false }
        requestSent = true
        guard let ip = IPAddress(address), addressPolicy.permits(ip),
            let url = stringInfo(CURLINFO_EFFECTIVE_URL), let host = Self.host(of: url), addressPolicy.permits(host: host)
        else {
            refusedAddress = true
            return false
        }
        return true
    }

    /// Checks the host name of the URL now being fetched (after a redirect, the new one) before
    /// libcurl resolves it, so a redirect to a refused name sends not even a DNS query.
    fileprivate func permitsResolvingCurrentHost() -> Bool {
        guard permitsCurrentURL() else { return false }
        guard let url = stringInfo(CURLINFO_EFFECTIVE_URL), let host = Self.host(of: url), addressPolicy.permits(host: host)
        else {
            refusedAddress = true
            return false
        }
        return true
    }

    /// After a redirect, asks the redirect gate about the URL now to be fetched, before anything is
    /// resolved, connected or sent for it. The URL the fetch started with went through the URL stage
    /// already.
    private func permitsCurrentURL() -> Bool {
        guard redirectRefusal == nil else { return false }
        guard longInfo(CURLINFO_REDIRECT_COUNT) > 0 else { return true }
        guard let target = stringInfo(CURLINFO_EFFECTIVE_URL) else {
            redirectRefusal = RedirectRefusal(target: "", matches: [], problem: .invalid("libcurl gave no redirect target"))
            return false
        }
        if target == permittedRedirect { return true }
        if let refusal = redirectGate.refusal(of: target) {
            redirectRefusal = refusal
            return false
        }
        permittedRedirect = target
        return true
    }

    /// The host of `url` as libcurl parses it (brackets of an IPv6 literal removed), nil if unparsable.
    static func host(of url: String) -> String? {
        guard let parsed = curl_url() else { return nil }
        defer { curl_url_cleanup(parsed) }
        guard curl_url_set(parsed, CURLUPART_URL, url, UInt32(CURLU_NON_SUPPORT_SCHEME)) == CURLUE_OK else { return nil }
        var host: UnsafeMutablePointer<CChar>?
        guard curl_url_get(parsed, CURLUPART_HOST, &host, 0) == CURLUE_OK, let host else { return nil }
        defer { curl_free(host) }
        var text = String(cString: host)
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        return text
    }

    private func longInfo(_ info: CURLINFO) -> Int {
        var value = 0
        _ = lscurl_getinfo_long(handle, info, &value)
        return value
    }

    private func stringInfo(_ info: CURLINFO) -> String? {
        var value: UnsafePointer<CChar>?
        guard lscurl_getinfo_string(handle, info, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }

    private func check(_ code: CURLcode, _ option: String) throws(FetchError) {
        guard code == CURLE_OK else {
            throw .curl(operation: "setting \(option)", detail: String(cString: curl_easy_strerror(code)))
        }
    }

    private func milliseconds(_ seconds: Double) -> Int {
        max(1, Int((seconds * 1000).rounded(.up)))
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}

private let writeBody: curl_write_callback = { buffer, size, count, userdata in
    guard let userdata else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    guard length > 0 else { return 0 }
    return transfer.receive(UnsafeRawBufferPointer(start: buffer, count: length)) ? length : 0
}

private let readHeaderLine: curl_write_callback = { buffer, size, count, userdata in
    let length = size * count
    guard let userdata, let buffer else { return length }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
    let bytes = UnsafeRawBufferPointer(start: buffer, count: length)
    // Only status lines, X-Robots-Tag and Retry-After matter: skip the rest without making strings.
    switch bytes.first.map({ $0 | 0x20 }) {
    case UInt8(ascii: "h"), UInt8(ascii: "x"), UInt8(ascii: "r"):
        transfer.receiveHeader(String(decoding: bytes, as: UTF8.self))
    default:
        break
    }
    return length
}

private let checkBeforeResolving: curl_resolver_start_callback = { _, _, userdata in
    guard let userdata else { return 1 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
    return transfer.permitsResolvingCurrentHost() ? 0 : 1
}

/// Runs once a connection is ready and before each request on it, redirects included: a last
/// check of the address and of the host name, so a redirect to "localhost" sends nothing.
private let checkBeforeRequest: curl_prereq_callback = { clientp, primaryIP, _, _, _ in
    guard let clientp, let primaryIP else { return Int32(CURL_PREREQFUNC_ABORT) }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(clientp).takeUnretainedValue()
    return transfer.permitsRequest(toAddress: String(cString: primaryIP))
        ? Int32(CURL_PREREQFUNC_OK) : Int32(CURL_PREREQFUNC_ABORT)
}

/// Every connection libcurl makes, first or after a redirect, is opened here, so the address
/// policy sees the address actually connected to (after DNS), never just a host name.
private let openCheckedSocket: curl_opensocket_callback = { clientp, _, address in
    guard let clientp, let address else { return CURL_SOCKET_BAD }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(clientp).takeUnretainedValue()
    let target = address.pointee
    let socketAddress = UnsafeRawBufferPointer(
        start: UnsafeRawPointer(address) + MemoryLayout<curl_sockaddr>.offset(of: \.addr)!,
        count: Int(target.addrlen)
    )
    guard transfer.addressPolicy.permits(socketAddress: socketAddress) else {
        transfer.refusedAddress = true
        return CURL_SOCKET_BAD
    }
    let descriptor = socket(target.family, target.socktype, target.protocol)
    if descriptor >= 0 { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
    return descriptor
}

extension String {
    /// The string without trailing spaces, tabs and line ends (a header line's CR LF).
    fileprivate var droppingTrailingWhitespace: String {
        var text = Substring(self)
        while let last = text.last, last == " " || last == "\t" || last == "\r\n" || last == "\n" || last == "\r" {
            text.removeLast()
        }
        return String(text)
    }
}
