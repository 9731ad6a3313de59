/// An http(s) URL in the one canonical spelling used both for matching URL lists and for fetching.
public struct NormalizedURL: Hashable, Sendable {
    /// The whole normalised URL.
    public let string: String
    /// "http" or "https".
    public let scheme: String
    /// Lower-case host name or IP address; an IPv6 address without its brackets.
    public let host: String
    /// The port, or nil when the URL uses the scheme's default.
    public let port: Int?

    public init(string: String, scheme: String, host: String, port: Int?) {
        self.string = string
        self.scheme = scheme
        self.host = host
        self.port = port
    }
}
