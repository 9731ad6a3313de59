/// The limits every fetch of an untrusted URL runs under; the defaults are the safe ones.
public struct FetchOptions: Sendable {
    /// Transfers in flight at once; nil sizes the window from the descriptor limit (see `FetchWindow`).
    public var concurrency: Int?
    /// Transfers a host may have in flight at first; the limit then adapts to how the host answers
    /// (see `HostConcurrency`).
    public var perHost = 4
    /// The most transfers one host may ever have in flight, however well it answers. A `perHost`
    /// above it raises it to match; equal to `perHost`, the limit is fixed.
    public var maxPerHost = 64
    /// Bytes of bodies being received at once before new transfers wait; nil: a quarter of physical
    /// memory, at most 4 GiB (never less than one `maxBodyBytes`).
    public var bodyBudget: Int?
    /// Seconds to establish a connection (TCP and TLS).
    public var connectTimeout = 10.0
    /// Seconds for a whole transfer, redirects included.
    public var totalTimeout = 60.0
    /// A transfer slower than this many bytes per second for `lowSpeedTime` seconds is abandoned
    /// (0 turns the check off; libcurl counts `lowSpeedTime` in whole seconds, rounded up).
    public var lowSpeedLimit = 1024
    public var lowSpeedTime = 20.0
    /// Largest body kept, whether or not the server announces a Content-Length.
    public var maxBodyBytes = 32 << 20
    public var maxRedirects = 5
    /// Lets connections reach loopback, private and link-local addresses (tests, deliberate intranet crawls).
    public var allowPrivateAddresses = false
    /// Networks that may be reached although their range is refused (`--allow-address`).
    public var permittedNetworks: [CIDR] = []
    /// Further attempts after a transient failure (429, 502, 503, 504, a reset connection, a
    /// connect timeout); never after 404, too-large, blocked or TLS failures.
    public var retries = 2
    /// Backoff before the first retry when the server gives no Retry-After; doubles for each
    /// further retry, with random jitter so that many clients do not come back in step.
    public var retryBaseDelay = 1.0
    /// Longest wait before a retry. A Retry-After asking for more is not waited out: the
    /// fetch ends at once with the server's status, rather than coming back before the server asked.
    public var maxRetryDelay = 60.0
    /// Seconds resolved host names stay cached: all transfers of a run share one cache.
    public var dnsCacheTimeout = 3600
    /// Host names looked up at once ahead of their transfers (`HostNameResolver`), so a slow name
    /// holds no place in the window; 0 leaves each lookup to libcurl as its transfer starts.
    public var lookupsAhead = 256
    /// Replaces the system resolver of the lookups ahead (tests).
    var nameLookup: HostNameResolver.Lookup?
    /// PEM file of certificate authorities to trust instead of the system's (private CAs).
    /// TLS peer and host-name verification stay on either way.
    public var caBundle: String?
    public var userAgent = "linksieve/0.1 (dataset safety scanner)"
    /// Where a site operator can read what the crawler is and whom to contact; sent in the User-Agent.
    public var contactURL: String?
    /// Asked before every redirect target is requested; a scan matches targets against its URL lists here.
    public var redirectGate: RedirectGate = .open

    public init() {}

    /// The User-Agent header sent: `userAgent`, with "+contactURL" added inside its trailing
    /// comment, the way crawlers conventionally name their information page.
    public var userAgentHeader: String {
        guard let contactURL, !contactURL.isEmpty else { return userAgent }
        if userAgent.hasSuffix(")") {
            return "\(userAgent.dropLast()); +\(contactURL))"
        }
        return "\(userAgent) (+\(contactURL))"
    }
}
