/// Why a decision could not be recorded or applied, naming the state file.
public enum DecisionError: Error, CustomStringConvertible, Equatable {
    case noReviewer(path: String)
    case notQuarantined(path: String, row: Int)
    case noSuchEntry(path: String, list: String, algorithm: String)
    case sameDirectory(path: String)

    public var description: String {
        switch self {
        case .noReviewer(let path): return "\(path): a decision needs a reviewer name"
        case .notQuarantined(let path, let row): return "\(path): row \(row) is not quarantined"
        case .noSuchEntry(let path, let list, let algorithm):
            return "\(path): no quarantined row matched that \(algorithm) entry of \(list)"
        case .sameDirectory(let path): return "\(path): write the applied outputs to a new directory, not the state's own"
        }
    }
}
