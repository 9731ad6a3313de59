/// A hash list that cannot be used; each names the file, and the line where there is one.
public enum HashListError: Error, Equatable, Sendable, CustomStringConvertible {
    case noLists(paths: [String])
    case cannotRead(path: String, reason: String)
    case badHeader(path: String, line: Int, message: String)
    case badEntry(path: String, line: Int, message: String)
    case duplicateName(name: String, paths: [String])

    public var description: String {
        switch self {
        case .noLists(let paths):
            let names = HashListLoader.listSuffixes.map { "*" + $0 }.joined(separator: ", ")
            return "no hash list (\(names)) found in \(paths.joined(separator: ", "))"
        case .cannotRead(let path, let reason):
            return "\(path): cannot read the hash list: \(reason)"
        case .badHeader(let path, let line, let message):
            return "\(path):\(line): \(message)"
        case .badEntry(let path, let line, let message):
            return "\(path):\(line): \(message)"
        case .duplicateName(let name, let paths):
            return "two hash lists are named \(name) (reports name lists by file name): \(paths.joined(separator: ", "))"
        }
    }

    /// A read error of the shared file and record readers, placed in the list.
    init(_ error: ManifestError, path: String) {
        switch error {
        case .cannotOpen(_, let reason): self = .cannotRead(path: path, reason: reason)
        case .readFailed(_, let line, let reason): self = .badEntry(path: path, line: line, message: "read failed: \(reason)")
        case .recordTooLong(_, let line, let limit): self = .badEntry(path: path, line: line, message: "line longer than \(limit) bytes")
        default: self = .cannotRead(path: path, reason: error.description)
        }
    }
}
