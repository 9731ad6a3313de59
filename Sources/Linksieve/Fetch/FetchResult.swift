/// What one fetch produced: the outcome, and the body only when the outcome is `.ok`.
/// The body lives in memory only and is dropped once the caller has hashed it.
public struct FetchResult: Sendable {
    public let id: Int
    public let outcome: FetchOutcome
    /// The status of the last response received, nil if none was.
    public let httpStatus: Int?
    public let contentType: String?
    /// Empty unless `outcome == .ok`.
    public let body: [UInt8]
    /// The URL after redirects.
    public let effectiveURL: String?
    /// Seconds from handing the request to libcurl until it finished (the last attempt only).
    public let elapsed: Double
    /// Directives of the final response's X-Robots-Tag headers, lower-cased: bare ("noai",
    /// "noimageai", "noindex") when addressed to every crawler or to linksieve, "agent:token" when
    /// scoped to another crawler; see `RobotsTag`.
    public let robotsDirectives: [String]
    /// Requests made for this URL: 1, or more when transient failures were retried.
    public let attempts: Int
    /// The final response's validators, kept for conditional re-fetches.
    public var etag: String? = nil
    public var lastModified: String? = nil
    /// Set when a redirect target was refused before it was requested (`listedRedirect`, `invalidRedirect`).
    public var redirectRefusal: RedirectRefusal? = nil

    public init(
        id: Int, outcome: FetchOutcome, httpStatus: Int?, contentType: String?, body: [UInt8],
        effectiveURL: String?, elapsed: Double, robotsDirectives: [String] = [], attempts: Int = 1
    ) {
        self.id = id
        self.outcome = outcome
        self.httpStatus = httpStatus
        self.contentType = contentType
        self.body = body
        self.effectiveURL = effectiveURL
        self.elapsed = elapsed
        self.robotsDirectives = robotsDirectives
        self.attempts = attempts
    }

    /// Whether the server asked that the content not be used for AI (noai or noimageai).
    public var optedOut: Bool { RobotsTag.optsOut(robotsDirectives) }
}
