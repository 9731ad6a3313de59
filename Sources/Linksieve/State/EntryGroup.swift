/// All quarantined rows that one list entry matched: the unit a reviewer decides on when one
/// entry (a logo, a blank image that slipped into a list) matches thousands of rows.
public struct EntryGroup: Sendable, Equatable {
    public var list: String
    public var algorithm: String
    public var label: String
    public var category: String?
    /// The entry's canonical value: partner property, never written to a publishable output.
    public var entry: String
    public var rows: Int
    public var minDistance: Int?
    public var maxDistance: Int?
    /// Set when the group matches far more rows than entries usually do (see `MatchAggregates`).
    public var isFlood = false

    /// A short, stable name for the entry that does not reveal its value: the first 12 hex digits
    /// of SHA-256 over list, algorithm and entry. Publishable; the state maps it back.
    public var reference: String {
        String(SHA256Hex.of(Array("\(list)\u{0}\(algorithm)\u{0}\(entry)".utf8)).prefix(12))
    }
}
