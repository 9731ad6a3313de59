import Foundation
import Testing
@testable import Linksieve

/// Images and reference PDQ tables made by Scripts/pdq-fixtures.py (Pillow decodes, pdqhash hashes),
/// so the PDQ tests need nothing but the repository and the venv that Scripts/python-env.sh makes.
/// Scripts/test.sh generates them once and names the folder in `LINKSIEVE_PDQ_FIXTURES`; without it the
/// tests generate them here with the python that `LINKSIEVE_PYTHON` names.
enum PDQFixtures {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The fixture folder, generated at most once per test process.
    private static let generated: Result<URL, Failure> = {
        if let path = ProcessInfo.processInfo.environment["LINKSIEVE_PDQ_FIXTURES"], !path.isEmpty {
            let directory = URL(fileURLWithPath: path)
            guard FileManager.default.fileExists(atPath: directory.appendingPathComponent("full.tsv").path) else {
                return .failure(Failure(description: "LINKSIEVE_PDQ_FIXTURES=\(path) holds no full.tsv"))
            }
            return .success(directory)
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("linksieve-pdq-fixtures-\(UUID().uuidString)")
        do {
            _ = try PythonScript.run("pdq-fixtures.py", [directory.path])
            return .success(directory)
        } catch {
            return .failure(Failure(description: "\(error)"))
        }
    }()

    static func directory() throws -> URL { try generated.get() }

    /// The rows of full.tsv: pdqhash on the full-resolution pixels.
    static let fullRows: [PDQReferenceTable.Row] = table("full.tsv")

    /// The rows of reference-cli.tsv: pdqhash on the pixels squashed to 512x512 as Meta's CLI does.
    static let referenceCLIRows: [PDQReferenceTable.Row] = table("reference-cli.tsv")

    /// Every image the fixtures hold, relative to images/.
    static let images: [String] = (try? imageFiles(under: directory().appendingPathComponent("images"))) ?? []

    /// How many images Scripts/pdq-fixtures.py makes: a smaller count means some went missing.
    static let expectedImageCount = 38

    static func path(_ image: String) throws -> String {
        try directory().appendingPathComponent("images/" + image).path
    }

    static func imageBytes(_ image: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: try path(image))))
    }

    static func fullRow(_ image: String) throws -> PDQReferenceTable.Row {
        try #require(fullRows.first { $0.image == image }, "no fixture \(image)")
    }

    static func referenceCLIRow(_ image: String) throws -> PDQReferenceTable.Row {
        try #require(referenceCLIRows.first { $0.image == image }, "no fixture \(image)")
    }

    /// The JPEG, PNG, WebP and GIF files under `root`, relative to it, sorted.
    static func imageFiles(under root: URL) -> [String] {
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
            .compactMap { ($0 as? URL)?.standardizedFileURL.path } ?? []
        let prefix = root.standardizedFileURL.path + "/"
        return files.filter { [".jpg", ".jpeg", ".png", ".webp", ".gif"].contains(where: $0.lowercased().hasSuffix) }
            .filter { $0.hasPrefix(prefix) }
            .map { String($0.dropFirst(prefix.count)) }
            .sorted()
    }

    private static func table(_ name: String) -> [PDQReferenceTable.Row] {
        guard let directory = try? directory() else { return [] }
        return PDQReferenceTable.rows(directory.appendingPathComponent(name))
    }
}
