import Foundation

/// An exclusive lock on an output directory for the length of a run, so that two runs never
/// write the same outputs and state at once (both would fetch everything, and one would find its
/// files renamed away). `flock` on `linksieve.lock` in the directory: the kernel releases it when
/// the process ends, however it ends, so a kill -9 leaves no stale lock. The holder writes its
/// process id into the file for the message the next run prints.
public final class OutputLock {
    public static let fileName = "linksieve.lock"

    public let path: String
    /// -1 once closed by a failed init (deinit still runs after a throw from a complete init).
    private var descriptor: Int32
    private var held = false

    /// Takes the lock on `directory` (which must exist), or throws `OutputError.locked` naming the holder.
    public init(directory: String) throws(OutputError) {
        path = directory + "/" + Self.fileName
        descriptor = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw .cannotLock(path: path, reason: Self.errnoText()) }
        // The process id is written into this file: it must be a file of its own, not a hard link to another.
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_nlink == 1 else {
            closeUnheld()
            throw .cannotLock(path: path, reason: "is not a plain file of its own (a hard link?); remove it")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let reason = Self.errnoText()
            let holder = Self.recordedPID(descriptor)
            closeUnheld()
            throw busy ? .locked(directory: directory, pid: holder) : .cannotLock(path: path, reason: reason)
        }
        held = true
        let pid = Array("\(getpid())\n".utf8)
        guard ftruncate(descriptor, 0) == 0, pid.withUnsafeBytes({ pwrite(descriptor, $0.baseAddress, $0.count, 0) }) == pid.count
        else {
            throw .cannotLock(path: path, reason: Self.errnoText())
        }
    }

    /// Closes a descriptor whose lock was not taken: the file, which may name another holder, is left as it is.
    private func closeUnheld() {
        close(descriptor)
        descriptor = -1
    }

    /// Releases the lock; the file stays (removing it could let two runs lock different files) but
    /// no longer names a process.
    deinit {
        guard descriptor >= 0 else { return }
        if held { ftruncate(descriptor, 0) }
        close(descriptor)
    }

    private static func recordedPID(_ descriptor: Int32) -> Int32? {
        var bytes = [UInt8](repeating: 0, count: 32)
        let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: bytes[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
