#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How every output file comes into being: created afresh (`O_CREAT | O_EXCL | O_NOFOLLOW`), so
/// nothing already at the path is ever followed or written through, then renamed into place.
///
/// A symlink planted at an output's temporary name (or a hard link to some other file) is removed
/// as a directory entry, never opened: the new file is always a regular file of our own, inside
/// the directory that was asked for. The mode is passed to `open` and so narrowed by the umask,
/// never widened past it.
enum ExclusiveFile {
    /// Why a file could not be created, written into place or synced, with the system's reason.
    struct Failure: Error {
        let path: String
        let reason: String
    }

    /// Creates `path` as a new, empty regular file opened for writing; whatever entry was there
    /// (a leftover temporary, a planted symlink) is unlinked first, not followed.
    static func create(_ path: String, mode: mode_t) throws(Failure) -> Int32 {
        if unlink(path) != 0, errno != ENOENT {
            throw Failure(path: path, reason: "cannot remove the old file: \(errnoText())")
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            // EEXIST here means something was put back at the path since the unlink: refuse it.
            throw Failure(path: path, reason: errno == EEXIST ? "another file appeared at this path" : errnoText())
        }
        return descriptor
    }

    /// Renames a finished temporary over `path` and syncs the directory, so the new name survives
    /// a crash. The temporary's data must already be synced.
    static func moveIntoPlace(_ temporary: String, _ path: String) throws(Failure) {
        guard rename(temporary, path) == 0 else { throw Failure(path: path, reason: errnoText()) }
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw Failure(path: directory, reason: errnoText()) }
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
