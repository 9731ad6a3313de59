import Foundation

/// A buffered writer of a text output file that appears only when complete: it writes to
/// `<path>.partial`, created with the given mode, and `commit()` renames it into place, so a
/// crash mid-write never leaves a half-written report behind.
final class LineFileWriter {
    let path: String
    private let partialPath: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []

    init(path: String, mode: mode_t) throws(ScanError) {
        self.path = path
        partialPath = path + ".partial"
        unlink(partialPath)
        descriptor = open(partialPath, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw .output(path: path, message: String(cString: strerror(errno))) }
        // open() applies the umask; make the mode exact (owner-only stays owner-only either way).
        fchmod(descriptor, mode)
        buffer.reserveCapacity(1 << 16)
    }

    deinit {
        if descriptor >= 0 {
            close(descriptor)
            unlink(partialPath)
        }
    }

    func write(_ text: String) throws(ScanError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { try drain() }
    }

    func writeLine(_ value: JSONValue) throws(ScanError) {
        try write(value.serialized() + "\n")
    }

    func commit() throws(ScanError) {
        try drain()
        guard fsync(descriptor) == 0, close(descriptor) == 0 else {
            throw .output(path: path, message: String(cString: strerror(errno)))
        }
        descriptor = -1
        guard rename(partialPath, path) == 0 else {
            throw .output(path: path, message: String(cString: strerror(errno)))
        }
    }

    private func drain() throws(ScanError) {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            guard written > 0 else { throw .output(path: path, message: String(cString: strerror(errno))) }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
