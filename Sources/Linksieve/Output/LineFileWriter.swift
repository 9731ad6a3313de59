import Foundation

/// A buffered writer of a text output file that appears only when complete: it writes to
/// `<path>.partial`, created afresh with the given mode (narrowed by the umask), and `commit()`
/// renames it into place, so a crash mid-write never leaves a half-written report behind. A writer
/// released without a commit (the run failed) removes its temporary.
final class LineFileWriter {
    let path: String
    private let partialPath: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []

    init(path: String, mode: mode_t) throws(ScanError) {
        self.path = path
        partialPath = path + ".partial"
        do {
            descriptor = try ExclusiveFile.create(partialPath, mode: mode)
        } catch {
            throw .output(path: error.path, message: error.reason)
        }
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

    func write(_ bytes: [UInt8]) throws(ScanError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { try drain() }
    }

    func writeLine(_ value: JSONValue) throws(ScanError) {
        try write(value.serialized() + "\n")
    }

    func commit() throws(ScanError) {
        try drain()
        var failure = fsync(descriptor) == 0 ? nil : ExclusiveFile.errnoText()
        if close(descriptor) != 0, failure == nil { failure = ExclusiveFile.errnoText() }
        descriptor = -1
        if let failure {
            unlink(partialPath)
            throw .output(path: path, message: failure)
        }
        do {
            try ExclusiveFile.moveIntoPlace(partialPath, path)
        } catch {
            unlink(partialPath)
            throw .output(path: error.path, message: error.reason)
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
