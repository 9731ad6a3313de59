/// A list entry that matched more rows than its list's `flood_limit`: most likely a mislisted hash (a
/// logo, a blank image). Its rows are held for review: quarantined whatever the list's role, and their
/// records say so. Carries the entry's value, so it stays in the state and the owner-only reports.
public struct FloodedEntry: Sendable, Equatable {
    public let list: String
    public let entry: String
    /// Rows the entry matched.
    public let rows: Int
    public let floodLimit: Int

    /// How outputs look the entry up: list and entry joined by a NUL.
    var key: String { Self.key(list: list, entry: entry) }

    static func key(list: String, entry: String) -> String { list + "\u{0}" + entry }

    /// `result` with its matches of the entries in `held` (keys) marked held for review, and quarantined
    /// if one of them now quarantines it. Matches of negative lists are never held.
    static func hold(_ result: RowResult, entries held: Set<String>) -> RowResult {
        guard !held.isEmpty else { return result }
        var result = result
        for index in result.matches.indices where result.matches[index].role != .negative
            && held.contains(key(list: result.matches[index].list, entry: result.matches[index].entry)) {
            result.matches[index].heldForReview = true
        }
        if result.verdict == .kept, result.matches.contains(where: \.quarantines) { result.verdict = .quarantined }
        return result
    }
}
