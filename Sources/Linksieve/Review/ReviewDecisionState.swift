/// Where a match stands in review: the kind of the latest decision that covers it (one on its row
/// or one on its whole entry group), or undecided. What the queue filters and counts by.
public enum ReviewDecisionState: String, Sendable, CaseIterable, Codable {
    case undecided
    case confirmed
    case falsePositive = "false-positive"
    case escalated

    /// The state a decision of `kind` leaves its matches in.
    public init(_ kind: DecisionKind) {
        switch kind {
        case .confirmed: self = .confirmed
        case .falsePositive: self = .falsePositive
        case .escalate: self = .escalated
        }
    }
}
