import Foundation
import Testing
@testable import Linksieve

/// PDQ against pdqhash (Meta's C++ core) on the fixtures Scripts/pdq-fixtures.py makes: sample photos and
/// their re-encodings in every format and mode a scan meets, decoded here by ImageDecoder and there by Pillow.
/// Every expected value comes from pdqhash; none from linksieve.
@Suite("PDQ against pdqhash")
struct PDQReferenceTests {
    static let fullRows = PDQFixtures.fullRows
    static let referenceRows = PDQFixtures.referenceCLIRows

    @Test("the fixture tables list every generated image, with a spread of sizes, formats and qualities")
    func tablesAreComplete() throws {
        _ = try PDQFixtures.directory()
        #expect(PDQFixtures.images.count == PDQFixtures.expectedImageCount)
        #expect(Self.fullRows.map(\.image) == PDQFixtures.images)
        #expect(Self.referenceRows.map(\.image) == PDQFixtures.images)
        let extensions = Set(PDQFixtures.images.map { $0.split(separator: ".").last.map(String.init) ?? "" })
        #expect(extensions == ["jpg", "png", "webp", "gif"])
        #expect(Self.fullRows.contains { $0.width > 512 || $0.height > 512 })
        #expect(Self.fullRows.contains { $0.quality < 50 })
        #expect(Self.fullRows.allSatisfy { $0.hashes.count == 9 })
    }

    @Test("full mode equals pdqhash's hash, quality and 8 dihedral hashes", arguments: fullRows)
    func fullResolution(row: PDQReferenceTable.Row) throws {
        let (_, pixels) = try ImageDecoder.decode(try PDQFixtures.imageBytes(row.image), maxPixels: 100_000_000)
        #expect(pixels.width == row.width && pixels.height == row.height)
        let (result, dihedral) = PDQHasher.hashWithDihedral(pixels, mode: .full)
        #expect(result.hash.hex == row.hashes["hash"])
        #expect(result.quality == row.quality)
        for variant in PDQDihedral.allCases {
            #expect(dihedral[variant]?.hex == row.hash(variant), "\(variant.rawValue)")
        }
    }

    @Test("reference-cli mode equals pdqhash on the 512x512 squash: hash, quality and 8 dihedral hashes",
          arguments: referenceRows)
    func referenceCLI(row: PDQReferenceTable.Row) throws {
        let (_, pixels) = try ImageDecoder.decode(try PDQFixtures.imageBytes(row.image), maxPixels: 100_000_000)
        #expect(pixels.width == row.width && pixels.height == row.height)
        let result = PDQHasher.hash(pixels, mode: .referenceCLI)
        #expect(result.hash.hex == row.hashes["hash"])
        #expect(result.quality == row.quality)
        let dihedral = PDQHasher.dihedralHashes(pixels, mode: .referenceCLI)
        for variant in PDQDihedral.allCases {
            #expect(dihedral[variant]?.hex == row.hash(variant), "\(variant.rawValue)")
        }
    }

    @Test("the two conventions differ on an image larger than 512 and agree on one that is not")
    func conventionsDiffer() throws {
        #expect(try PDQFixtures.fullRow("photos/coffee.png").hashes["hash"]
            != PDQFixtures.referenceCLIRow("photos/coffee.png").hashes["hash"])
        #expect(try PDQFixtures.fullRow("photos/astronaut.png").hashes["hash"]
            == PDQFixtures.referenceCLIRow("photos/astronaut.png").hashes["hash"])
    }
}
