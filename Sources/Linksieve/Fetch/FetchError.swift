#if canImport(Glibc)
import Glibc
#endif

/// Failures that stop the fetch stage from starting at all (per-URL failures are `FetchOutcome`s).
public enum FetchError: Error, CustomStringConvertible {
    /// libcurl could not be initialised or refused a setting; `detail` is libcurl's message.
    case curl(operation: String, detail: String)
    case invalidOptions(String)
    /// A system call the fetch loop needs failed; `code` is its errno.
    case system(operation: String, code: Int32)

    public var description: String {
        switch self {
        case .curl(let operation, let detail): "libcurl \(operation) failed: \(detail)"
        case .invalidOptions(let detail): "invalid fetch options: \(detail)"
        case .system(let operation, let code): "\(operation) failed: \(String(cString: strerror(code)))"
        }
    }
}
