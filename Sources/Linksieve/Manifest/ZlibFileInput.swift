internal import CZlib

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a plain or gzip-compressed file through zlib in large chunks, so callers see one byte stream
/// and memory stays at one chunk however large the file is.
final class ZlibFileInput {
    static let chunkSize = 1 << 20

    let path: String
    private let file: gzFile
    /// The current chunk; only `buffer[0..<count]` is valid.
    private(set) var buffer: [UInt8]
    private(set) var count = 0
    private var reachedEnd = false

    /// `chunkSize` other than the default is for tests that put record boundaries at chunk edges.
    init(path: String, chunkSize: Int = ZlibFileInput.chunkSize) throws(ManifestError) {
        precondition(chunkSize > 0 && chunkSize <= Int(UInt32.max))
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: Self.errnoText()) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = Self.errnoText()
            close(fd)
            throw .cannotOpen(path: path, reason: reason)
        }
        guard info.st_mode & S_IFMT != S_IFDIR else {
            close(fd)
            throw .cannotOpen(path: path, reason: "is a directory")
        }
        guard let file = gzdopen(fd, "rb") else {
            close(fd)
            throw .cannotOpen(path: path, reason: "zlib could not open the file")
        }
        gzbuffer(file, 1 << 18)
        self.file = file
        buffer = [UInt8](repeating: 0, count: chunkSize)
    }

    deinit { gzclose_r(file) }

    /// Replaces the buffer with the next chunk; false once the input is exhausted.
    /// `line` only places an error message.
    func readChunk(line: Int) throws(ManifestError) -> Bool {
        guard !reachedEnd else { return false }
        let file = self.file
        let read = buffer.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
        guard read >= 0 else { throw .readFailed(path: path, line: line, reason: zlibError()) }
        if read == 0 {
            var code: Int32 = 0
            gzerror(file, &code)
            // Z_BUF_ERROR at the end means the compressed stream stops in the middle.
            if code == Z_BUF_ERROR { throw .readFailed(path: path, line: line, reason: "truncated gzip stream") }
            if code != Z_OK { throw .readFailed(path: path, line: line, reason: zlibError()) }
            reachedEnd = true
            count = 0
            return false
        }
        count = Int(read)
        return true
    }

    private func zlibError() -> String {
        var code: Int32 = 0
        guard let message = gzerror(file, &code) else { return "zlib error \(code)" }
        return code == Z_ERRNO ? Self.errnoText() : String(cString: message)
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
