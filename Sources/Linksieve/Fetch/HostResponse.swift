/// What one finished transfer says about its host's capacity, the input of `HostConcurrency`.
/// The fetch outcome is about the URL; this is about the server behind it.
enum HostResponse: Equatable, Sendable {
    /// The server answered (any status that is not a sign of overload), after `latency` seconds.
    case answered(latency: Double)
    /// The server said it is overloaded (429, 502, 503, 504) or dropped the connection.
    case overloaded
    /// The transfer ran out of time.
    case timedOut
    /// Says nothing about the server's load: refused by our own rules, DNS, TLS, a too-large body.
    case neutral

    init(_ result: FetchResult) {
        switch result.outcome {
        case .ok, .tooManyRedirects, .truncatedBody, .listedRedirect, .invalidRedirect:
            self = .answered(latency: result.elapsed)
        case .httpStatus(let status):
            self = RetryPolicy.transientStatuses.contains(status) ? .overloaded : .answered(latency: result.elapsed)
        case .connectionReset, .connectFailed:
            self = .overloaded
        case .timeout:
            self = .timedOut
        case .tooLarge, .blockedScheme, .blockedAddress, .dnsFailure, .tlsFailure, .transferFailed:
            self = .neutral
        }
    }
}
