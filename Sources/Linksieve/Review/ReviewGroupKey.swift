/// Names one entry group: a list, an algorithm and an entry value. The same three fields a
/// `DecisionTarget.entry` carries, so a group opened in the queue is decided on as a whole.
public struct ReviewGroupKey: Sendable, Hashable, Codable {
    public var list: String
    public var algorithm: String
    public var entry: String

    public init(list: String, algorithm: String, entry: String) {
        self.list = list
        self.algorithm = algorithm
        self.entry = entry
    }

    /// The decision target covering every row of the group.
    public var decisionTarget: DecisionTarget { .entry(list: list, algorithm: algorithm, entry: entry) }
}
