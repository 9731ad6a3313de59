import Foundation
import Testing
@testable import Linksieve

/// Meta's published PDQ vectors (images, expected-hash tables, hash lists), in the folder that
/// `LINKSIEVE_PDQ_VECTORS` names. A clone of the repository does not have them, so the tests that read
/// them form an extra suite, skipped (and shown as skipped) when the variable is unset.
enum PDQVectors {
    /// The folder, if `LINKSIEVE_PDQ_VECTORS` names one (relative paths from the working directory).
    static let directory: URL? = {
        guard let path = ProcessInfo.processInfo.environment["LINKSIEVE_PDQ_VECTORS"], !path.isEmpty else { return nil }
        return URL(fileURLWithPath: path)
    }()

    static var isAvailable: Bool { directory != nil }

    /// The as-is rows of `expected/<name>`; none without the folder.
    static func asIsRows(_ name: String) -> [PDQReferenceTable.Row] {
        guard let directory else { return [] }
        return PDQReferenceTable.rows(directory.appendingPathComponent("expected/" + name), asIsOnly: true)
    }

    static func url(_ relativePath: String) throws -> URL {
        try #require(directory, "LINKSIEVE_PDQ_VECTORS is not set").appendingPathComponent(relativePath)
    }

    static func imageBytes(_ image: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: try url("images/" + image)))
    }

    /// Every image file under images/, relative to it, sorted; none without the folder.
    static let images: [String] = {
        guard let root = directory?.appendingPathComponent("images") else { return [] }
        return PDQFixtures.imageFiles(under: root)
    }()
}

extension Trait where Self == ConditionTrait {
    /// Runs a test or suite only when Meta's vectors are there, and says so when they are not.
    static var needsPDQVectors: Self {
        .enabled(if: PDQVectors.isAvailable, "LINKSIEVE_PDQ_VECTORS is not set: Meta's PDQ vector tables are not run")
    }
}
