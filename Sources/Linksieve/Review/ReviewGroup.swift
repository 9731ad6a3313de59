/// One entry group as the queue lists it: every quarantined row one list entry matched, with
/// what a reviewer needs to judge the group without opening it.
public struct ReviewGroup: Sendable, Hashable {
    public var key: ReviewGroupKey
    public var label: String
    public var category: String?
    /// Quarantined rows the entry matched.
    public var rows: Int
    /// The domains holding most of the group's rows, largest first (at most `ReviewQueue.topDomains`).
    public var topDomains: [DomainCount]
    /// How many distinct domains the group's rows are on.
    public var domainCount: Int
    /// PDQ distance spread (nil for exact matches).
    public var minDistance: Int?
    public var maxDistance: Int?
    /// The group's rows by their latest decision.
    public var decisions: DecisionCounts
    /// The entry matches far more rows than entries usually do (see `ReviewQueue.isFlood`).
    public var isFlood: Bool

    /// A short, stable name for the entry that does not reveal its value (as in report.html).
    public var reference: String {
        EntryGroup(
            list: key.list, algorithm: key.algorithm, label: label, category: category, entry: key.entry, rows: rows,
            minDistance: minDistance, maxDistance: maxDistance
        ).reference
    }
}
