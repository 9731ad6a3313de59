/// Where a page of the queue ended: the sort key of its last item, for keyset paging. The next
/// page starts strictly after it, so page N costs what page 1 costs (no OFFSET) and an item
/// is never shown twice or skipped when decisions are added between pages.
///
/// `token` is a short opaque string for a URL's query; `init?(token:)` reads it back.
public struct ReviewCursor: Sendable, Hashable, Codable {
    public let order: ReviewOrder
    /// The last item's sort key, most significant first.
    let keys: [Int]

    init(order: ReviewOrder, keys: [Int]) {
        self.order = order
        self.keys = keys
    }

    public var token: String { ([order.rawValue] + keys.map(String.init)).joined(separator: "~") }

    public init?(token: String) {
        let parts = token.split(separator: "~", omittingEmptySubsequences: false)
        guard let first = parts.first, let order = ReviewOrder(rawValue: String(first)), parts.count >= 2 else {
            return nil
        }
        var keys: [Int] = []
        for part in parts.dropFirst() {
            guard let key = Int(part) else { return nil }
            keys.append(key)
        }
        self.order = order
        self.keys = keys
    }
}
