/// What a decision is about: one quarantined row, or every row one list entry matched.
public enum DecisionTarget: Sendable, Equatable {
    case row(Int)
    case entry(list: String, algorithm: String, entry: String)

    /// Whether this target covers `match` of row `row`.
    func covers(row: Int, match: Match) -> Bool {
        switch self {
        case .row(let target): return target == row
        case .entry(let list, let algorithm, let entry):
            return match.list == list && match.algorithm.rawValue == algorithm && match.entry == entry
        }
    }
}
