import Foundation

/// The fingerprint that ties a state database to the manifest it describes: the SHA-256 of every
/// byte of the file, streamed. A sample (the first and last MiB) let an edit in the middle of a
/// manifest pass for the same file and resume with stale verdicts; hashing it all costs one read
/// of the file, little next to a scan.
enum ManifestIdentity {
    static func binding(path: String, urlColumn: String?) throws(ScanError) -> ManifestBinding {
        var binding = ManifestBinding(path: absolute(path), identity: try of(path: path), urlColumn: urlColumn)
        binding.sampledIdentity = try sampled(path: path)
        return binding
    }

    /// `sha256:<hex> size=<bytes>` of the whole file.
    static func of(path: String) throws(ScanError) -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .output(path: path, message: "cannot open the manifest: \(errnoText())") }
        defer { close(descriptor) }
        let digest = SHA256Hex.Stream()
        var size = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw .output(path: path, message: "cannot read the manifest: \(errnoText())") }
            guard count > 0 else { break }
            buffer.withUnsafeBytes { digest.update(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            size += count
        }
        return "sha256:\(digest.finalHex()) size=\(size)"
    }

    /// The fingerprint states of schema version 2 and earlier hold (absolute path, size, SHA-256 of
    /// the first and last MiB): only to recognise the manifest of such a state, whose fingerprint
    /// is then replaced by the whole-file one.
    static func sampled(path: String) throws(ScanError) -> String {
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
            return "\(absolute(path)) size=\(size) sample-sha256=\(SHA256Hex.of(sample))"
        } catch {
            throw .output(path: path, message: "cannot read the manifest: \(FileProblem.reason(path: path, error: error))")
        }
    }

    private static func absolute(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
