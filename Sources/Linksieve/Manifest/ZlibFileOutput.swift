internal import CZlib

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file plain or gzip-compressed through zlib, then syncs it to disk on close.
final class ZlibFileOutput {
    let path: String
    private let descriptor: Int32
    private var file: gzFile?

    /// Creates `path` afresh (an existing entry is replaced, never written through); the mode is
    /// `permissions` (default 0666) narrowed by the umask.
    init(path: String, gzip: Bool, permissions: mode_t?) throws(ManifestError) {
        self.path = path
        do {
            descriptor = try ExclusiveFile.create(path, mode: permissions ?? 0o666)
        } catch {
            throw .cannotOpen(path: path, reason: error.reason)
        }
        // zlib gets its own descriptor, so ours stays open for fsync after zlib has flushed and closed.
        let zlibDescriptor = dup(descriptor)
        guard zlibDescriptor >= 0, let file = gzdopen(zlibDescriptor, gzip ? "wb" : "wT") else {
            if zlibDescriptor >= 0 { close(zlibDescriptor) }
            // deinit closes `descriptor`: it runs after a throw once every property is set.
            throw .cannotOpen(path: path, reason: "zlib could not open the file for writing")
        }
        gzbuffer(file, 1 << 18)
        self.file = file
    }

    deinit {
        if let file { gzclose_w(file) }
        close(descriptor)
    }

    func write(_ bytes: [UInt8]) throws(ManifestError) {
        guard let file else { throw .writeFailed(path: path, reason: "the file is already closed") }
        let written = bytes.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
        guard written == bytes.count else {
            var code: Int32 = 0
            let message = gzerror(file, &code)
            let reason = code == Z_ERRNO ? Self.errnoText() : message.map { String(cString: $0) } ?? "zlib error \(code)"
            throw .writeFailed(path: path, reason: reason)
        }
    }

    /// Flushes and closes, then syncs the data to disk. A second call does nothing.
    func finish() throws(ManifestError) {
        guard let file else { return }
        self.file = nil
        let status = gzclose_w(file)
        guard status == Z_OK else { throw .writeFailed(path: path, reason: "zlib error \(status) on close") }
        guard fsync(descriptor) == 0 else { throw .writeFailed(path: path, reason: Self.errnoText()) }
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
