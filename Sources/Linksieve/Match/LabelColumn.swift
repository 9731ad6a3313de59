/// Which label each entry of a set carries: one index for all while every entry has the same label
/// (the common case, costing nothing per entry), a per-entry index once a second label appears.
enum LabelColumn: Sendable {
    case uniform(UInt32)
    case perEntry([UInt32])

    subscript(entry: Int) -> UInt32 {
        switch self {
        case .uniform(let label): return label
        case .perEntry(let labels): return labels[entry]
        }
    }
}
