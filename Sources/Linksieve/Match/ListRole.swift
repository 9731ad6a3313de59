/// What a match of a list does to a row (`role` in a list policy).
public enum ListRole: String, Sendable, CaseIterable, Codable {
    /// Quarantine the row (the default).
    case block
    /// Keep the row; record the match in flagged.jsonl and the state for review.
    case flag
    /// An allow-list: a row matching it is never quarantined or flagged through another list's entry.
    case negative
}
