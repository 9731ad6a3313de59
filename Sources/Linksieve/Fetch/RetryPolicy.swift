/// Decides which failed fetches are worth another attempt and how long to wait first. Only
/// failures a server may recover from are retried, and waits grow exponentially with jitter, so
/// a struggling host sees fewer requests from us, not a synchronised wave of them.
struct RetryPolicy {
    let retries: Int
    let baseDelay: Double
    let maxDelay: Double

    init(options: FetchOptions) {
        retries = options.retries
        baseDelay = options.retryBaseDelay
        maxDelay = options.maxRetryDelay
    }

    /// Too Many Requests, Bad Gateway, Service Unavailable, Gateway Timeout.
    static let transientStatuses: Set<Int> = [429, 502, 503, 504]

    /// Whether `outcome` is transient: a status above, a reset connection, or a timeout before any
    /// request was sent (a connect timeout). A timeout after the request went out is not: the
    /// server was reached and was too slow, and a second try would only cost as much again.
    static func isTransient(_ outcome: FetchOutcome, requestSent: Bool) -> Bool {
        switch outcome {
        case .httpStatus(let status): transientStatuses.contains(status)
        case .connectionReset: true
        case .timeout: !requestSent
        default: false
        }
    }

    /// Seconds to wait before attempt `failures + 1`, or nil to give up. `retryAfter` is what the
    /// server asked for: it is honoured (plus up to 10% jitter, never less), and a request to
    /// wait longer than `maxDelay` ends the fetch instead. Without it the wait is
    /// `baseDelay × 2^(failures-1)`, scaled by a random factor in [0.5, 1.5), at most `maxDelay`.
    func delay(afterFailures failures: Int, retryAfter: Double?, using random: inout some RandomNumberGenerator)
        -> Double?
    {
        guard failures <= retries else { return nil }
        if let retryAfter, retryAfter > 0 {
            guard retryAfter <= maxDelay else { return nil }
            return min(maxDelay, retryAfter * Double.random(in: 1.0..<1.1, using: &random))
        }
        let exponential = baseDelay * Double(1 << min(failures - 1, 30))
        return min(maxDelay, exponential * Double.random(in: 0.5..<1.5, using: &random))
    }
}
