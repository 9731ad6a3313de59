/// Why the review queue could not answer: named with the state's path.
public enum ReviewError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A cursor from a page listed in another order.
    case cursorOrder(path: String, cursor: ReviewOrder, requested: ReviewOrder)
    case noState(path: String)

    public var description: String {
        switch self {
        case .cursorOrder(let path, let cursor, let requested):
            "\(path): a cursor of the \(cursor.rawValue) order cannot page the \(requested.rawValue) order"
        case .noState(let path): "\(path): no state database (state.sqlite) here; scan into this directory first"
        }
    }
}
