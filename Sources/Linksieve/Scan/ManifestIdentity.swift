import Foundation

/// A fingerprint of a manifest file (absolute path, size, digest of its first and last MiB) that
/// ties a state database to the manifest it describes without reading the whole file.
enum ManifestIdentity {
    static func binding(path: String, urlColumn: String?) throws(ScanError) -> ManifestBinding {
        ManifestBinding(
            path: URL(fileURLWithPath: path).standardizedFileURL.path, identity: try of(path: path), urlColumn: urlColumn)
    }

    static func of(path: String) throws(ScanError) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .output(path: path, message: "cannot open the manifest: \(FileProblem.reason(errno: errno))")
        }
        defer { try? handle.close() }
        let window: UInt64 = 1 << 20
        do {
            let size = try handle.seekToEnd()
            try handle.seek(toOffset: 0)
            var sample = [UInt8](try handle.read(upToCount: Int(window)) ?? Data())
            if size > window {
                try handle.seek(toOffset: max(window, size - window))
                sample += try handle.read(upToCount: Int(window)) ?? Data()
            }
            return "\(absolute) size=\(size) sample-sha256=\(SHA256Hex.of(sample))"
        } catch {
            throw .output(path: path, message: "cannot read the manifest: \(FileProblem.reason(path: path, error: error))")
        }
    }
}
