/// A problem that stops reading or writing a manifest as a whole; each names the file, and the line where known.
public enum ManifestError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case unknownFormat(path: String)
    case missingHeader(path: String)
    case noURLColumn(path: String, columns: [String])
    case readFailed(path: String, line: Int, reason: String)
    case recordTooLong(path: String, line: Int, limit: Int)
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "\(path): cannot open: \(reason)"
        case .unknownFormat(let path):
            return "\(path): unknown manifest format; expected a name ending in .csv, .tsv or .jsonl (optionally followed by .gz), or .parquet"
        case .missingHeader(let path):
            return "\(path): the file is empty; a CSV or TSV manifest starts with a header line"
        case .noURLColumn(let path, let columns):
            let list = columns.isEmpty ? "none" : columns.map { "\"\($0)\"" }.joined(separator: ", ")
            return "\(path): no URL column (looked for url, image_url, link); the columns are: \(list)"
        case .readFailed(let path, let line, let reason):
            return "\(path):\(line): read failed: \(reason)"
        case .recordTooLong(let path, let line, let limit):
            return "\(path):\(line): record longer than \(limit) bytes (an unterminated quoted field?)"
        case .writeFailed(let path, let reason):
            return "\(path): write failed: \(reason)"
        }
    }
}
