/// One match of a row in the row's detail, with its latest decision; for PDQ also both hashes,
/// so the UI can draw them as 16×16 grids and mark the bits that differ.
public struct ReviewedMatch: Sendable, Equatable {
    public var match: Match
    public var decision: ReviewDecisionState
    /// For PDQ matches: the observed hash (of the variant that matched) and the list entry's.
    public var pdq: PDQComparison?
}
