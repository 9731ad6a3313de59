import Foundation
import Testing
@testable import Linksieve

/// A table of reference PDQ values (tab-separated, `#` comments, a header line), as
/// Scripts/pdq-fixtures.py writes them and as Meta's vector folder holds them.
struct PDQReferenceTable {
    /// One image's expected values.
    struct Row: Sendable, CustomTestStringConvertible {
        let image: String
        let width: Int
        let height: Int
        let quality: Int
        /// Column name ("hash", "orig", "rot90", …) to hex, for every column holding a PDQ hash.
        let hashes: [String: String]

        var testDescription: String { image }

        /// The expected hash of `variant`, if the table has that column.
        func hash(_ variant: PDQDihedral) -> String? { hashes[variant.rawValue] }
    }

    /// The rows of the table at `url`; with `asIsOnly`, just those whose `decode` column is `asis`
    /// (stored pixel order, EXIF ignored), the only ones linksieve reproduces. A missing file gives none.
    static func rows(_ url: URL, asIsOnly: Bool = false) -> [Row] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return rows(text: text, asIsOnly: asIsOnly)
    }

    static func rows(text: String, asIsOnly: Bool = false) -> [Row] {
        let lines = text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
        guard let header = lines.first?.split(separator: "\t").map(String.init) else { return [] }
        return lines.dropFirst().compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == header.count else { return nil }
            let record = Dictionary(uniqueKeysWithValues: zip(header, fields))
            guard !asIsOnly || record["decode"] == "asis", let image = record["image"],
                  let width = record["width"].flatMap({ Int($0) }), let height = record["height"].flatMap({ Int($0) }),
                  let quality = record["quality"].flatMap({ Int($0) })
            else { return nil }
            let hashes = record.filter { PDQHash(hex: $0.value) != nil }
            return Row(image: image, width: width, height: height, quality: quality, hashes: hashes)
        }
    }
}
