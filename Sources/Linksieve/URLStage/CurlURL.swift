internal import CCurl

/// A URL as libcurl's own parser reads it (`curl_url`), so that the canonical form starts from
/// exactly what a fetch would request: numeric IPv4 hosts in every spelling (decimal, short,
/// hex, octal) come back as dotted quads, percent-encoded host names are decoded, and `../`
/// segments are resolved.
struct CurlURL: ~Copyable {
    private let handle: OpaquePointer

    /// Parses an absolute URL; the problem names libcurl's reason when it refuses it.
    init(parsing url: String) throws(URLProblem) {
        guard let handle = curl_url() else { throw .invalid("libcurl could not allocate a URL handle") }
        let code = curl_url_set(handle, CURLUPART_URL, url, 0)
        guard code == CURLUE_OK else {
            curl_url_cleanup(handle)
            throw .invalid(String(cString: curl_url_strerror(code)).lowercasedFirst)
        }
        self.handle = handle
    }

    deinit { curl_url_cleanup(handle) }

    /// The host as libcurl will connect to it (an IPv6 literal keeps its brackets).
    var host: String? { part(CURLUPART_HOST) }
    /// The port as written, nil when the URL names none.
    var port: String? { part(CURLUPART_PORT) }
    /// The path, dot segments removed, percent-escapes as written.
    var path: String? { part(CURLUPART_PATH) }
    /// The query without its "?", nil when the URL has none.
    var query: String? { part(CURLUPART_QUERY) }
    /// The zone of a link-local IPv6 literal ("%25eth0"), nil when there is none.
    var zoneID: String? { part(CURLUPART_ZONEID) }

    private func part(_ which: CURLUPart) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, which, &value, 0) == CURLUE_OK, let value else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }
}

extension String {
    /// libcurl's messages start with a capital ("Bad hostname"); ours continue a sentence.
    fileprivate var lowercasedFirst: String {
        guard let first else { return self }
        return first.lowercased() + dropFirst()
    }
}
