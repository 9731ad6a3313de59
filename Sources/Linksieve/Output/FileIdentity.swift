import Foundation

/// A file as the file system knows it (device and inode), whatever path, symlink or hard link
/// reaches it: how an output is recognised as one of the run's inputs.
struct FileIdentity: Hashable {
    let device: UInt64
    let inode: UInt64

    /// The identity of what `path` names, or nil when nothing is there. With
    /// `followingSymlinks: false` a symlink is its own file, not its target.
    init?(path: String, followingSymlinks: Bool = true) {
        var info = stat()
        let status = followingSymlinks ? stat(path, &info) : lstat(path, &info)
        guard status == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
