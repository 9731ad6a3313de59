/// What the fetch of a row found, as the reviewer sees it: enough to tell a logo on a CDN from a
/// photo, without the image.
public struct ReviewFetchFacts: Sendable, Hashable {
    /// `ok`, or why not (`http-404`, `timeout`, …).
    public var outcome: String
    public var httpStatus: Int?
    public var contentType: String?
    public var bytes: Int
    /// Seconds since 1970.
    public var fetchedAt: Double
}
