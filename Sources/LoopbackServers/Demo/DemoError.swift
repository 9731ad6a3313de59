/// Why the demo would not start: it refuses to delete what it did not make.
public enum DemoError: Error, CustomStringConvertible, Equatable {
    /// The output folder holds files a demo scan does not write.
    case foreignFiles(directory: String, names: [String])
    /// The output path exists and is not a folder.
    case notADirectory(path: String)

    public var description: String {
        switch self {
        case .foreignFiles(let directory, let names):
            let shown = names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", …" : "")
            return "\(directory): holds files the demo did not write (\(shown)); choose another --dir, or pass --force to delete them"
        case .notADirectory(let path):
            return "\(path): exists and is not a folder; choose another --dir, or pass --force to delete it"
        }
    }
}
