/// Which part of the review queue to show. Every field left nil matches everything; fields set
/// together must all hold (any combination is allowed).
///
/// For `ReviewQueue.rows` each field is tested on the row's match itself. For `ReviewQueue.groups`
/// list, algorithm and category are the group's own; stage, distance band, decision state and
/// domain select the groups that have at least one row meeting all of them at once.
public struct ReviewFilter: Sendable, Hashable, Codable {
    /// A list's file name, as in the quarantine report.
    public var list: String?
    public var category: String?
    /// `pdq`, `md5`, `sha1`, `sha256`, `url`, `url-sha256`, `domain`.
    public var algorithm: String?
    public var stage: MatchStage?
    /// PDQ Hamming distances to include (a band such as 20...31); exact matches have no distance
    /// and fall outside every band.
    public var pdqDistance: ClosedRange<Int>?
    public var decision: ReviewDecisionState?
    /// The host of the row's normalised URL, exactly (`cdn.example.org` does not match `example.org`).
    public var domain: String?
    /// Only the rows of one entry group (for `rows`: the group a reviewer opened).
    public var group: ReviewGroupKey?

    public init(
        list: String? = nil, category: String? = nil, algorithm: String? = nil, stage: MatchStage? = nil,
        pdqDistance: ClosedRange<Int>? = nil, decision: ReviewDecisionState? = nil, domain: String? = nil,
        group: ReviewGroupKey? = nil
    ) {
        self.list = list
        self.category = category
        self.algorithm = algorithm
        self.stage = stage
        self.pdqDistance = pdqDistance
        self.decision = decision
        self.domain = domain
        self.group = group
    }

    /// Everything in the queue.
    public static let all = ReviewFilter()
}
