/// Failures of the state database, each naming the database file.
public enum StateError: Error, CustomStringConvertible, Equatable {
    case database(path: String, message: String)
    case foreignState(path: String, message: String)

    public var description: String {
        switch self {
        case .database(let path, let message): return "\(path): \(message)"
        case .foreignState(let path, let message): return "\(path): \(message)"
        }
    }
}
