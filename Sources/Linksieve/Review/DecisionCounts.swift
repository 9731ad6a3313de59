/// How many rows of an entry group stand in each review state, so a group shows at a glance how
/// much of it is still to decide.
public struct DecisionCounts: Sendable, Hashable, Codable {
    public var undecided = 0
    public var confirmed = 0
    public var falsePositive = 0
    public var escalated = 0

    public init(undecided: Int = 0, confirmed: Int = 0, falsePositive: Int = 0, escalated: Int = 0) {
        self.undecided = undecided
        self.confirmed = confirmed
        self.falsePositive = falsePositive
        self.escalated = escalated
    }

    public subscript(state: ReviewDecisionState) -> Int {
        switch state {
        case .undecided: undecided
        case .confirmed: confirmed
        case .falsePositive: falsePositive
        case .escalated: escalated
        }
    }
}
