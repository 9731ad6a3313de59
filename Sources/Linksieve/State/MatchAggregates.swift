/// Figures over every stored match that summary.json does not hold: the PDQ distance histogram
/// and the largest entry groups, with the flood signal. Read from the state, so `linksieve
/// report` can rebuild report.html without the manifest.
public struct MatchAggregates: Sendable, Equatable {
    /// Quarantined rows per PDQ Hamming distance (a row's smallest PDQ distance).
    public var pdqDistances: [Int: Int] = [:]
    /// The largest entry groups, most rows first.
    public var largestGroups: [EntryGroup] = []
    /// How many distinct entries matched at all.
    public var entriesMatched = 0
    /// Median rows per matched entry, the baseline of the flood signal.
    public var medianRowsPerEntry = 0

    /// An entry is a flood when it matches at least this many rows and ten times the median
    /// entry: a real listed image is rarely copied that often, a logo or blank image is.
    public static let floodMinimumRows = 20
    public static let floodFactor = 10

    static func isFlood(rows: Int, median: Int) -> Bool {
        rows >= floodMinimumRows && rows >= floodFactor * max(median, 1)
    }
}
