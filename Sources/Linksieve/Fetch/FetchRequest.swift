/// One URL to fetch, tagged with the caller's id so results can arrive in any order.
public struct FetchRequest: Sendable {
    public let id: Int
    public let url: String
    /// Which attempt at this URL the request is: 1, then higher for retries.
    var attempt = 1
    /// Validators from an earlier response: the request becomes conditional, and an unchanged
    /// resource answers 304 with no body.
    public let ifNoneMatch: String?
    public let ifModifiedSince: String?

    public init(id: Int, url: String, ifNoneMatch: String? = nil, ifModifiedSince: String? = nil) {
        self.id = id
        self.url = url
        self.ifNoneMatch = ifNoneMatch
        self.ifModifiedSince = ifModifiedSince
    }
}
