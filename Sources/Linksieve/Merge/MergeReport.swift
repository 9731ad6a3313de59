/// What a finished merge reports: the merged summary.json and the totals the CLI prints.
public struct MergeReport {
    public let summary: JSONValue
    public let shardCount: Int

    public var rowsIn: Int { count("in") }
    public var cleansed: Int { count("cleansed") }
    public var quarantined: Int { count("quarantined") }
    public var rejected: Int { count("rejected") }
    public var excluded: Int { count("excluded") }

    private func count(_ key: String) -> Int {
        if case .int(let value)? = summary["rows"]?[key] { return value }
        return 0
    }

    /// The final line the CLI prints.
    public var oneLine: String {
        "\(shardCount) shards merged: \(rowsIn) rows: \(cleansed) cleansed, \(quarantined) quarantined, "
            + "\(rejected) rejected, \(excluded) excluded"
    }
}
