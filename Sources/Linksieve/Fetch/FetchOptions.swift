/// The limits every fetch of an untrusted URL runs under; the defaults are the safe ones.
public struct FetchOptions: Sendable {
    /// Transfers in flight at once; also bounds memory (each holds at most `maxBodyBytes`).
    public var concurrency = 256
    /// Connections open to one host at once.
    public var perHost = 4
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
    /// Lets connections reach loopback, private and link-local addresses; tests only.
    public var allowPrivateAddresses = false
    public var userAgent = "linksieve/0.1 (dataset safety scanner)"

    public init() {}
}
