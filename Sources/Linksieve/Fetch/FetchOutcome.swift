/// How a fetch ended, in the categories the quarantine report and summary count.
public enum FetchOutcome: Equatable, Sendable {
    case ok
    /// The final response (after redirects) had a status other than 2xx.
    case httpStatus(Int)
    case timeout
    /// The body exceeded the size cap.
    case tooLarge
    case tooManyRedirects
    /// The URL, or a redirect, used a scheme other than http or https.
    case blockedScheme
    /// A connection would have gone to a loopback, private, link-local or reserved address.
    case blockedAddress
    case dnsFailure
    case connectFailed
    case tlsFailure
    /// The connection was reset or closed before a complete response arrived.
    case connectionReset
    /// The body ended before the length the server announced.
    case truncatedBody
    /// A redirect pointed at a URL on a list; the target was not requested.
    case listedRedirect
    /// A redirect pointed at a URL the URL stage cannot read; the target was not requested.
    case invalidRedirect
    /// Any other failure, with libcurl's description of it.
    case transferFailed(String)

    /// A stable short name for reports: "ok", "http-404", "timeout", "too-large", ...
    public var reason: String {
        switch self {
        case .ok: "ok"
        case .httpStatus(let code): "http-\(code)"
        case .timeout: "timeout"
        case .tooLarge: "too-large"
        case .tooManyRedirects: "redirect-loop"
        case .blockedScheme: "blocked-scheme"
        case .blockedAddress: "blocked-address"
        case .dnsFailure: "dns"
        case .connectFailed: "connect"
        case .tlsFailure: "tls"
        case .connectionReset: "connection-reset"
        case .truncatedBody: "truncated"
        case .listedRedirect: "listed-redirect"
        case .invalidRedirect: "invalid-redirect"
        case .transferFailed: "transfer-error"
        }
    }
}
