import Foundation

/// File-system chores of the output directory: creating it, and writing files whole and with
/// the right permissions (owner-only for anything that names matched content).
enum OutputDirectory {
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
    static func write(_ text: String, to path: String, mode: mode_t) throws(ScanError) {
        let writer = try LineFileWriter(path: path, mode: mode)
        try writer.write(text)
        try writer.commit()
    }
}
