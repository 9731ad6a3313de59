/// One quarantined row as the queue lists it, with one of its matches: a row matched by several
/// entries is listed once per entry (each entry's group decides it separately), and
/// `matchesOfRow` says when there are others. `ReviewQueue.row(_:)` has all of them.
public struct ReviewRow: Sendable, Hashable {
    /// 0-based manifest row.
    public var row: Int
    /// The URL as the manifest wrote it: plain text, never to be made a link.
    public var url: String
    /// The host of the normalised URL.
    public var domain: String
    public var stage: MatchStage
    public var group: ReviewGroupKey
    public var label: String
    public var category: String?
    /// Our value that matched: normalised URL, its SHA-256, host, digest or PDQ hex.
    public var observed: String
    public var distance: Int?
    public var pdqQuality: Int?
    /// The rotation or flip of the image that matched (dihedral hashes), nil for the image as it is.
    public var variant: String?
    public var fetch: ReviewFetchFacts?
    /// Whether the caption can be shown on request (see `ReviewCaption`).
    public var captionAvailable: Bool
    public var decision: ReviewDecisionState
    /// How many entry groups this row is in (1 for most rows).
    public var matchesOfRow: Int
}
