/// Why `linksieve review` will not start.
public enum ReviewServerError: Error, Equatable, CustomStringConvertible {
    case accountsRequired(host: String)
    case invalidReviewer(String)
    case noSignIn
    case invalidPort(Int)

    public var description: String {
        switch self {
        case .accountsRequired(let host):
            return "refusing to listen on \(host) without --reviewers FILE: a one-time URL alone must not open the "
                + "review to the network (make accounts with `linksieve review add-reviewer FILE NAME`)"
        case .invalidReviewer(let name): return "reviewer name '\(name)' must be 1-64 printable characters without ':'"
        case .noSignIn: return "give --reviewer NAME (the name the one-time URL signs in as) or --reviewers FILE"
        case .invalidPort(let port): return "port \(port) is not between 0 and 65535"
        }
    }
}
