/// The distinct (label, category) pairs of one list. Partner lists of millions of entries usually carry
/// one label or a handful, so entries store a small index into this table instead of their own strings.
struct HashListLabels: Sendable {
    struct Label: Hashable, Sendable {
        let label: String
        let category: String?
    }

    private(set) var labels: [Label] = []
    private var indexes: [Label: UInt32] = [:]

    /// The index of the pair, added if new.
    mutating func intern(label: String, category: String?) -> UInt32 {
        let key = Label(label: label, category: category)
        if let index = indexes[key] { return index }
        let index = UInt32(labels.count)
        labels.append(key)
        indexes[key] = index
        return index
    }

    subscript(index: UInt32) -> Label { labels[Int(index)] }
}
