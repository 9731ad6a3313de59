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

    private(set) var request: FetchRequest?
    private var body: [UInt8] = []
    /// Whether the response being received is a success (its body is kept) or not (discarded).
    private var keepsBody: Bool?
    private var discardedBytes = 0
    private var bodyOverCap = false
    /// Set when the opensocket callback refused an address for this fetch.
    fileprivate(set) var refusedAddress = false
    private var started = ContinuousClock.now
    /// Conditional-request headers of the current fetch, freed when it finishes.
    private var requestHeaders: UnsafeMutablePointer<curl_slist>?

    init(options: FetchOptions, addressPolicy: AddressPolicy) throws(FetchError) {
        guard let handle = curl_easy_init() else {
            throw .curl(operation: "curl_easy_init", detail: "no handle returned")
        }
        self.handle = handle
        self.addressPolicy = addressPolicy
        self.maxBodyBytes = options.maxBodyBytes
        do {
            try configure(options)
        } catch {
            curl_easy_cleanup(handle)
            throw error
        }
    }

    deinit {
        curl_easy_cleanup(handle)
    }

    private func configure(_ options: FetchOptions) throws(FetchError) {
        let me = Unmanaged.passUnretained(self).toOpaque()
        try check(lscurl_setopt_pointer(handle, CURLOPT_PRIVATE, me), "CURLOPT_PRIVATE")
        try check(lscurl_setopt_write_function(handle, writeBody), "CURLOPT_WRITEFUNCTION")
        try check(lscurl_setopt_pointer(handle, CURLOPT_WRITEDATA, me), "CURLOPT_WRITEDATA")
        try check(lscurl_setopt_opensocket_function(handle, openCheckedSocket), "CURLOPT_OPENSOCKETFUNCTION")
        try check(lscurl_setopt_pointer(handle, CURLOPT_OPENSOCKETDATA, me), "CURLOPT_OPENSOCKETDATA")

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
        // An empty proxy ignores http_proxy and friends: every connection goes through the address check.
        try check(lscurl_setopt_string(handle, CURLOPT_PROXY, ""), "CURLOPT_PROXY")
        try check(lscurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1), "CURLOPT_NOSIGNAL")
        try check(lscurl_setopt_string(handle, CURLOPT_USERAGENT, options.userAgent), "CURLOPT_USERAGENT")
    }

    /// Points the handle at `request` and clears what the previous fetch left behind.
    func begin(_ request: FetchRequest) -> Bool {
        self.request = request
        body = []
        keepsBody = nil
        discardedBytes = 0
        bodyOverCap = false
        refusedAddress = false
        started = .now
        if let etag = request.ifNoneMatch { requestHeaders = curl_slist_append(requestHeaders, "If-None-Match: \(etag)") }
        if let date = request.ifModifiedSince {
            requestHeaders = curl_slist_append(requestHeaders, "If-Modified-Since: \(date)")
        }
        guard lscurl_setopt_pointer(handle, CURLOPT_HTTPHEADER, requestHeaders) == CURLE_OK else { return false }
        return lscurl_setopt_string(handle, CURLOPT_URL, request.url) == CURLE_OK
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
            elapsed: seconds(ContinuousClock.now - started)
        )
        if status != 0 {
            result.etag = responseHeader("ETag")
            result.lastModified = responseHeader("Last-Modified")
        }
        clearRequestHeaders()
        body = []
        request = nil
        return result
    }

    /// The result for a request libcurl never started (the URL could not be set or added).
    func failedToStart(_ detail: String) -> FetchResult {
        let result = FetchResult(
            id: request?.id ?? -1, outcome: .transferFailed(detail), httpStatus: nil, contentType: nil,
            body: [], effectiveURL: nil, elapsed: seconds(ContinuousClock.now - started)
        )
        clearRequestHeaders()
        request = nil
        return result
    }

    private func outcome(of code: CURLcode, status: Int) -> FetchOutcome {
        let isSuccess = (200..<300).contains(status)
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
            return .dnsFailure
        case CURLE_COULDNT_CONNECT:
            // A refused socket surfaces from libcurl as a failed connect.
            return refusedAddress ? .blockedAddress : .connectFailed
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
                if announced > 0 { body.reserveCapacity(min(Int(announced), maxBodyBytes)) }
            }
        }
        if keepsBody == true {
            guard body.count + chunk.count <= maxBodyBytes else {
                bodyOverCap = true
                return false
            }
            body.append(contentsOf: chunk)
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
