import Foundation
@testable import Linksieve

/// A fresh directory under the system temp dir, removed when the value is released.
final class TemporaryDirectory {
    let path: String

    init(_ name: String = "linksieve-test") throws {
        var template = Array((NSTemporaryDirectory() + "/\(name)-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        path = String(cString: made)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }

    /// Writes `bytes` to `name`, gzip-compressed when `gzip` is set; returns the path.
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8], gzip: Bool = false) throws -> String {
        let output = try ZlibFileOutput(path: file(name), gzip: gzip, permissions: nil)
        try output.write(bytes)
        try output.finish()
        return file(name)
    }

    @discardableResult
    func write(_ name: String, _ text: String, gzip: Bool = false) throws -> String {
        try write(name, Array(text.utf8), gzip: gzip)
    }

    func read(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: file(name))))
    }
}
