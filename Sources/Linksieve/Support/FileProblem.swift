import Foundation

/// Plain words for why a file could not be opened, read or created, from an `errno` or a
/// Foundation error. Foundation's own texts ("NSCocoaErrorDomain error 256", "You don't have
/// permission" for a device, "A file with the same name already exists" for a dangling symlink)
/// say what its API tried, not what is wrong with the path, so they never reach the user: every
/// error that wraps a file-system failure takes its words from here.
public enum FileProblem {
    /// What is wrong, in a few words, for an `errno` value.
    public static func reason(errno code: Int32) -> String {
        switch code {
        case ENOENT: "does not exist"
        case EACCES, EPERM: "permission denied"
        case EISDIR: "is a folder, not a file"
        case ENOTDIR: "a part of the path is not a folder"
        case EEXIST: "something else already exists there"
        case ELOOP: "too many levels of symbolic links"
        case ENAMETOOLONG: "the name is too long"
        case ENOSPC: "no space left on the device"
        case EDQUOT: "disk quota exceeded"
        case EROFS: "the file system is read-only"
        case EMFILE, ENFILE: "too many open files"
        case EIO: "input/output error"
        default: String(cString: strerror(code)).lowercased()
        }
    }

    /// `path: reason` for an `errno` value.
    public static func describe(path: String, errno code: Int32) -> String {
        "\(path): \(reason(errno: code))"
    }

    /// What is wrong, in a few words, for an error thrown by Foundation's file APIs. Looks at
    /// the path itself when Foundation's error does not say (as for a dangling symbolic link).
    public static func reason(path: String, error: any Error) -> String {
        if let posix = error as? POSIXError { return reason(errno: posix.code.rawValue) }
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return reason(errno: Int32(underlying.code))
        }
        if nsError.domain == NSPOSIXErrorDomain { return reason(errno: Int32(nsError.code)) }
        if let dangling = danglingLink(path) { return dangling }
        guard nsError.domain == NSCocoaErrorDomain else { return lookup(path) ?? "cannot be used" }
        switch CocoaError.Code(rawValue: nsError.code) {
        case .fileNoSuchFile, .fileReadNoSuchFile: return reason(errno: ENOENT)
        case .fileReadNoPermission, .fileWriteNoPermission: return reason(errno: EACCES)
        case .fileWriteFileExists: return reason(errno: EEXIST)
        case .fileWriteOutOfSpace: return reason(errno: ENOSPC)
        case .fileWriteVolumeReadOnly: return reason(errno: EROFS)
        case .fileReadTooLarge: return "is too large to read"
        case .fileReadInapplicableStringEncoding, .fileReadCorruptFile: return "its contents cannot be read"
        default: return kind(path) ?? lookup(path) ?? "cannot be used"
        }
    }

    /// What looking the path up says when it fails in a way other than "does not exist" (a part
    /// of it that is a file, a loop of links, a name too long); nil when the lookup tells nothing.
    static func lookup(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) != 0, errno != ENOENT else { return nil }
        return reason(errno: errno)
    }

    /// `path: reason` for an error thrown by Foundation's file APIs.
    public static func describe(path: String, error: any Error) -> String {
        "\(path): \(reason(path: path, error: error))"
    }

    /// "is a dangling symbolic link (to …)" when `path` is a link whose target does not exist.
    static func danglingLink(_ path: String) -> String? {
        var link = stat()
        var target = stat()
        guard lstat(path, &link) == 0, (link.st_mode & S_IFMT) == S_IFLNK, stat(path, &target) != 0 else { return nil }
        let destination = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
        return "is a symbolic link to \(destination), which does not exist"
    }

    /// Names what is at `path` when it is not a regular file or folder (a device, a socket, …).
    static func kind(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFCHR, S_IFBLK: return "is a device, not a regular file"
        case S_IFIFO: return "is a pipe, not a regular file"
        case S_IFSOCK: return "is a socket, not a regular file"
        case S_IFDIR: return "is a folder, not a file"
        default: return nil
        }
    }
}
