import Foundation

/// A local file read whole into memory, for the commands that take files or standard input
/// (`hash`, `match`): regular files only, so a device such as /dev/zero is refused instead of
/// read until memory runs out, and every failure is a `FileReadError` in plain words.
public enum LocalFile {
    /// Reads a whole regular file (or standard input for "-") into memory, with plain-word errors.
    /// Devices and other endless sources are refused rather than read until memory runs out.
    public static func read(path: String) throws(FileReadError) -> [UInt8] {
        let descriptor: Int32
        if path == "-" {
            descriptor = STDIN_FILENO
        } else {
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                let code = errno
                throw FileReadError(path: path, reason: FileProblem.danglingLink(path) ?? FileProblem.reason(errno: code))
            }
            var info = stat()
            guard fstat(descriptor, &info) == 0 else {
                let code = errno
                close(descriptor)
                throw FileReadError(path: path, reason: FileProblem.reason(errno: code))
            }
            if (info.st_mode & S_IFMT) != S_IFREG {
                close(descriptor)
                throw FileReadError(path: path, reason: FileProblem.kind(path) ?? "is not a regular file")
            }
        }
        defer { if descriptor != STDIN_FILENO { close(descriptor) } }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { readChunk(descriptor, $0) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileReadError(path: path == "-" ? "<stdin>" : path, reason: FileProblem.reason(errno: errno))
            }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
        }
    }
}

/// `read(2)` into `buffer`; outside `LocalFile`, whose own `read` would hide the system call's name.
private func readChunk(_ descriptor: Int32, _ buffer: UnsafeMutableRawBufferPointer) -> Int {
    read(descriptor, buffer.baseAddress, buffer.count)
}
