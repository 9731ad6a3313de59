/// One URL to fetch, tagged with the caller's id so results can arrive in any order.
public struct FetchRequest: Sendable {
    public let id: Int
    public let url: String
    /// Which attempt at this URL the request is: 1, then higher for retries.
    var attempt = 1

    public init(id: Int, url: String) {
        self.id = id
        self.url = url
    }
}
