import Foundation

/// File-system chores of the output directory: creating it, and writing files whole and with
/// the right permissions (owner-only for anything that names matched content).
public enum OutputDirectory {
    /// The names of every file a scan or rescan writes into its output directory (each cleansed
    /// format, the reports, the state with SQLite's companions, the lock), without temporaries.
    public static let fileNames: [String] = {
        let cleansed = ["csv", "tsv", "jsonl"].flatMap { ["cleansed.\($0)", "cleansed.\($0).gz"] } + ["cleansed.parquet"]
        return cleansed + [
            "quarantine.jsonl", "flagged.jsonl", "rejected.jsonl", "excluded.jsonl", "changes.jsonl", "summary.json",
            "state.sqlite", "state.sqlite-wal", "state.sqlite-shm", "state.sqlite-journal", OutputLock.fileName,
        ]
    }()

    /// Whether `name` is a file linksieve writes into an output directory, or the temporary of one.
    public static func isOutputName(_ name: String) -> Bool {
        fileNames.contains(name.hasSuffix(".partial") ? String(name.dropLast(".partial".count)) : name)
    }

    /// Every path a run writing into `directory` may create or replace, temporaries included.
    public static func outputPaths(in directory: String) -> [String] {
        fileNames.flatMap { [directory + "/" + $0, directory + "/" + $0 + ".partial"] }
    }

    static func prepare(_ path: String) throws(ScanError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw .output(path: path, message: "exists and is not a directory") }
            return
        }
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .output(path: path, message: "cannot create the output directory: \(FileProblem.reason(path: path, error: error))")
        }
    }

    /// Writes `text` to a temporary file beside `path` and renames it into place.
    public static func write(_ text: String, to path: String, mode: mode_t) throws(ScanError) {
        let writer = try LineFileWriter(path: path, mode: mode)
        try writer.write(text)
        try writer.commit()
    }
}
