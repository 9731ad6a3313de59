/// Why the review server could not open the state it was given.
public enum ReviewStartError: Error, CustomStringConvertible {
    case noState(path: String)

    public var description: String {
        switch self {
        case .noState(let path): return "\(path): no state.sqlite here (give a scan's, rescan's or apply's --out)"
        }
    }
}
