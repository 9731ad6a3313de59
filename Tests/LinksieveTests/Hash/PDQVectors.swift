import Foundation
import Testing
@testable import Linksieve

/// The shared PDQ reference vectors (images and expected hash tables), found next to the repository.
enum PDQVectors {
    /// repoRoot/../shared, or $LINKSIEVE_SHARED.
    static let sharedDirectory: URL = {
        if let path = ProcessInfo.processInfo.environment["LINKSIEVE_SHARED"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let repoRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Hash
            .deletingLastPathComponent()  // LinksieveTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()
        return repoRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }()

    static let directory = sharedDirectory.appendingPathComponent("pdq-vectors")

    /// One row of an expected-hash table.
    struct Row: Sendable, CustomTestStringConvertible {
        let image: String
        let decode: String
        let width: Int
        let height: Int
        let quality: Int
        /// Column name (e.g. "hash", "orig", "rot90") to hex.
        let hashes: [String: String]

        var testDescription: String { image }
    }

    /// The rows of `expected/<name>` whose decode column is `asis` (stored pixel order, EXIF ignored).
    static func asIsRows(_ name: String) -> [Row] {
        let url = directory.appendingPathComponent("expected").appendingPathComponent(name)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        let lines = text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
        guard let header = lines.first?.split(separator: "\t").map(String.init) else { return [] }
        return lines.dropFirst().compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == header.count else { return nil }
            let record = Dictionary(uniqueKeysWithValues: zip(header, fields))
            guard record["decode"] == "asis", let image = record["image"],
                  let width = record["width"].flatMap({ Int($0) }), let height = record["height"].flatMap({ Int($0) }),
                  let quality = record["quality"].flatMap({ Int($0) })
            else { return nil }
            let hashes = record.filter { PDQHash(hex: $0.value) != nil }
            return Row(image: image, decode: "asis", width: width, height: height, quality: quality, hashes: hashes)
        }
    }

    static func imageBytes(_ image: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent("images").appendingPathComponent(image)))
    }
}
