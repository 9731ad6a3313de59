/// Everything known about one quarantined row for its review page: the stored verdict with its
/// fetch and content facts, every match with its latest decision, the decisions that cover the
/// row (the audit trail, oldest first), and the caption when asked for.
public struct ReviewRowDetail: Sendable {
    public var result: RowResult
    /// The host of the normalised URL.
    public var domain: String
    public var matches: [ReviewedMatch]
    /// Decisions on this row or on a group it is in, oldest first.
    public var decisions: [Decision]
    /// nil unless requested.
    public var caption: ReviewCaption?
}
