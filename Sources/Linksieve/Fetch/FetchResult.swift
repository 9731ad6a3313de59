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
    /// Seconds from handing the request to libcurl until it finished.
    public let elapsed: Double
    /// The final response's validators, kept for conditional re-fetches.
    public var etag: String? = nil
    public var lastModified: String? = nil

    public init(
        id: Int, outcome: FetchOutcome, httpStatus: Int?, contentType: String?, body: [UInt8],
        effectiveURL: String?, elapsed: Double
    ) {
        self.id = id
        self.outcome = outcome
        self.httpStatus = httpStatus
        self.contentType = contentType
        self.body = body
        self.effectiveURL = effectiveURL
        self.elapsed = elapsed
    }
}
