import Foundation

/// A POSIX file descriptor for positioned reads and buffered appends, closed on deinit; its
/// errors carry the path and the system's reason.
final class ParquetFileHandle {
    let path: String
    let size: Int
    private var descriptor: Int32
    private var pending: [UInt8] = []
    private(set) var written = 0

    init(readingFrom path: String) throws(ParquetError) {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ParquetError(.io, file: path, "cannot open: \(String(cString: strerror(errno)))") }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            Foundation.close(descriptor)
            throw ParquetError(.io, file: path, "cannot stat: \(reason)")
        }
        size = Int(info.st_size)
    }

    init(writingTo path: String) throws(ParquetError) {
        self.path = path
        size = 0
        // A new file, never one reached through a symlink; 0666 narrowed by the umask.
        do {
            descriptor = try ExclusiveFile.create(path, mode: 0o666)
        } catch {
            throw ParquetError(.io, file: path, "cannot create: \(error.reason)")
        }
    }

    deinit {
        if descriptor >= 0 { Foundation.close(descriptor) }
    }

    /// Exactly `count` bytes at `offset`; the caller has checked the range against `size`.
    func read(at offset: Int, count: Int) throws(ParquetError) -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
            throw ParquetError(.corrupt, file: path, "read of \(count) bytes at \(offset) is outside the file (\(size) bytes)")
        }
        var failure: String?
        let bytes = [UInt8](unsafeUninitializedCapacity: max(count, 1)) { buffer, initialized in
            var done = 0
            while done < count {
                let n = pread(descriptor, buffer.baseAddress! + done, count - done, off_t(offset + done))
                if n < 0 && errno == EINTR { continue }
                if n <= 0 {
                    failure = n == 0 ? "file ended early" : String(cString: strerror(errno))
                    break
                }
                done += n
            }
            initialized = done
        }
        if let failure { throw ParquetError(.io, file: path, "cannot read \(count) bytes at \(offset): \(failure)") }
        return bytes
    }

    func append(_ bytes: [UInt8]) throws(ParquetError) {
        pending.append(contentsOf: bytes)
        written += bytes.count
        if pending.count >= 1 << 22 { try flush() }
    }

    func flush() throws(ParquetError) {
        var failure: String?
        pending.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = write(descriptor, raw.baseAddress! + done, raw.count - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 {
                    failure = String(cString: strerror(errno))
                    return
                }
                done += n
            }
        }
        pending.removeAll(keepingCapacity: true)
        if let failure { throw ParquetError(.io, file: path, "cannot write: \(failure)") }
    }

    func close() throws(ParquetError) {
        try flush()
        guard fsync(descriptor) == 0 else {
            throw ParquetError(.io, file: path, "cannot sync: \(String(cString: strerror(errno)))")
        }
        let status = Foundation.close(descriptor)
        descriptor = -1
        guard status == 0 else { throw ParquetError(.io, file: path, "cannot close: \(String(cString: strerror(errno)))") }
    }
}
