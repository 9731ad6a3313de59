/// What `linksieve review` was started with, checked before anything listens.
public struct ReviewConfiguration: Sendable {
    public var stateDirectory: String
    public var host = "127.0.0.1"
    /// 0: any free port.
    public var port = 0
    /// The name recorded for decisions made in a session opened with the one-time URL.
    public var tokenReviewer: String?
    public var accounts: ReviewerAccounts?
    public var twoPersonRule = false
    public var sessionPolicy = SessionPolicy.standard

    public init(stateDirectory: String) {
        self.stateDirectory = stateDirectory
    }

    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Refuses a configuration that would let someone on the network sign in with only a URL,
    /// or that has no way to sign in at all.
    public func validate() throws(ReviewServerError) {
        guard isLoopback || accounts != nil else { throw .accountsRequired(host: host) }
        if let name = tokenReviewer, !ReviewerAccounts.isValid(name: name) { throw .invalidReviewer(name) }
        guard tokenReviewer != nil || accounts != nil else { throw .noSignIn }
        guard (0...65535).contains(port) else { throw .invalidPort(port) }
    }
}
