/// Why a scan could not run or finish. Row-level problems are not errors: they end up in
/// rejected.jsonl and the scan goes on.
public enum ScanError: Error, CustomStringConvertible {
    case output(path: String, message: String)
    case manifestChanged(path: String, message: String)

    public var description: String {
        switch self {
        case .output(let path, let message): return "\(path): \(message)"
        case .manifestChanged(let path, let message): return "\(path): \(message)"
        }
    }
}
