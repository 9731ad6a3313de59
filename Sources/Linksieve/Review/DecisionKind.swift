/// What a reviewer concluded about a match.
public enum DecisionKind: String, Sendable, CaseIterable, Codable {
    /// The match is real: the row stays quarantined and may be reported to a hotline.
    case confirmed
    /// The match is wrong: the row may return to the cleansed dataset (see `DecisionLog.effect`).
    case falsePositive = "false-positive"
    /// Needs a second reviewer.
    case escalate
}
