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
            return "no hash list (*.csv or *.csv.gz) found in \(paths.joined(separator: ", "))"
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
}
