#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the loopback server could not start listening.
public enum LoopbackHTTPServerError: Error, CustomStringConvertible {
    case socket(operation: String, errno: Int32)

    public var description: String {
        switch self {
        case .socket(let operation, let code):
            "loopback HTTP server: \(operation) failed: \(String(cString: strerror(code)))"
        }
    }
}
