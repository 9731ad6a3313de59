import Foundation
@testable import Linksieve

/// A fresh folder under the system temporary directory, removed when the value goes away.
final class ScratchFolder {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/linksieve-test-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        path = String(cString: made)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `bytes` to `name` inside the folder, gzip-compressed when `gzip` is set; returns the path.
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8], gzip: Bool = false) throws -> String {
        let file = path + "/" + name
        let output = try ZlibFileOutput(path: file, gzip: gzip, permissions: nil)
        try output.write(bytes)
        try output.finish()
        return file
    }

    @discardableResult
    func write(_ name: String, _ text: String, gzip: Bool = false) throws -> String {
        try write(name, Array(text.utf8), gzip: gzip)
    }

    func read(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path + "/" + name)))
    }
}
