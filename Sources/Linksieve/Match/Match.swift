/// One reason to quarantine a row: which list and entry matched, by which algorithm, at which stage,
/// against what value of ours, and how far apart they were for perceptual hashes.
public struct Match: Sendable, Equatable {
    public let stage: MatchStage
    public let algorithm: HashAlgorithm
    /// The list's file name.
    public let list: String
    public let label: String
    public let category: String?
    /// The list entry's canonical value.
    public let entry: String
    /// Our value: normalised URL, its SHA-256, host, digest or PDQ hex.
    public let observed: String
    /// Hamming distance for PDQ; nil for exact matches.
    public let distance: Int?
    /// Which transform of the image matched, for PDQ matched on a rotation or flip (dihedral hashes);
    /// nil for the image as it is and for exact matches.
    public let variant: String?
    /// What the list's policy makes of the match: block (quarantine), flag (record only) or negative.
    public var role: ListRole = .block
    /// For a block or flag match that a negative list overrides: that list and entry, as `list:entry`.
    public var suppressedBy: String? = nil
    /// Set when the entry matched more rows than its list's `flood_limit`: the row is held for review
    /// (quarantined) whatever the list's role. Derived from the state when outputs are written.
    public var heldForReview = false

    /// Whether this match quarantines its row.
    public var quarantines: Bool { (role == .block || heldForReview) && suppressedBy == nil }

    public init(
        stage: MatchStage, algorithm: HashAlgorithm, list: String, label: String, category: String?, entry: String,
        observed: String, distance: Int?, variant: String? = nil
    ) {
        self.stage = stage
        self.algorithm = algorithm
        self.list = list
        self.label = label
        self.category = category
        self.entry = entry
        self.observed = observed
        self.distance = distance
        self.variant = variant
    }

    /// The same match found at another stage (a URL entry matched by a redirect target).
    func at(stage: MatchStage) -> Match {
        var moved = Match(
            stage: stage, algorithm: algorithm, list: list, label: label, category: category, entry: entry,
            observed: observed, distance: distance, variant: variant)
        moved.role = role
        moved.suppressedBy = suppressedBy
        return moved
    }
}
