/// Why the reviewers file could not be read or written, naming the file and line.
public enum ReviewerAccountsError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String)
    case malformed(path: String, line: Int)
    case unwritable(path: String, reason: String)
    case invalidName(String)
    case emptyPassword

    public var description: String {
        switch self {
        case .unreadable(let path): return "\(path): cannot read the reviewers file"
        case .malformed(let path, let line): return "\(path):\(line): not a NAME:pbkdf2-sha256$… account line"
        case .unwritable(let path, let reason): return "\(path): cannot write the reviewers file: \(reason)"
        case .invalidName(let name): return "reviewer name '\(name)' must be 1-64 printable characters without ':'"
        case .emptyPassword: return "the password is empty"
        }
    }
}
