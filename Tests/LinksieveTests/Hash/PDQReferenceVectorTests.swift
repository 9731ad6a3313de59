import Foundation
import Testing
@testable import Linksieve

/// PDQ against the reference implementation's outputs on the shared vectors, decoded by ImageDecoder.
@Suite("PDQ reference vectors")
struct PDQReferenceVectorTests {
    static let fullRows = PDQVectors.asIsRows("generated-fullres-no-preresize.tsv")
    static let referenceRows = PDQVectors.asIsRows("generated-reference-512nn.tsv")

    @Test("the vector tables are present and complete")
    func tablesArePresent() {
        #expect(Self.fullRows.count == 53)
        #expect(Self.referenceRows.count == 53)
    }

    @Test("full mode equals pdqhash's hash and quality on every as-is vector", arguments: fullRows)
    func fullResolution(row: PDQVectors.Row) throws {
        let (_, pixels) = try ImageDecoder.decode(try PDQVectors.imageBytes(row.image), maxPixels: 100_000_000)
        #expect(pixels.width == row.width && pixels.height == row.height)
        let result = PDQHasher.hash(pixels, mode: .full)
        #expect(result.hash.hex == row.hashes["hash"])
        #expect(result.quality == row.quality)
    }

    @Test("reference-cli mode equals the C++ CLI's hash, quality and 8 dihedral hashes", arguments: referenceRows)
    func referenceCLI(row: PDQVectors.Row) throws {
        let (_, pixels) = try ImageDecoder.decode(try PDQVectors.imageBytes(row.image), maxPixels: 100_000_000)
        #expect(pixels.width == row.width && pixels.height == row.height)
        let result = PDQHasher.hash(pixels, mode: .referenceCLI)
        #expect(result.hash.hex == row.hashes["orig"])
        #expect(result.quality == row.quality)
        let dihedral = PDQHasher.dihedralHashes(pixels, mode: .referenceCLI)
        for variant in PDQDihedral.allCases {
            #expect(dihedral[variant]?.hex == row.hashes[variant.rawValue], "\(variant.rawValue)")
        }
    }
}
