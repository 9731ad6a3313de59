/// One value of a hash list, in canonical form, with the partner's label for it.
public struct HashListEntry: Sendable, Hashable {
    public let algorithm: HashAlgorithm
    /// Canonical value: lower-case hex digest or PDQ, normalised URL, lower-case domain.
    public let value: String
    public let label: String
    public let category: String?

    public init(algorithm: HashAlgorithm, value: String, label: String, category: String?) {
        self.algorithm = algorithm
        self.value = value
        self.label = label
        self.category = category
    }
}
