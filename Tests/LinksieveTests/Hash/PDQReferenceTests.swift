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

    @Test("images from linksieve's own generator and encoders hash as pdqhash hashes Pillow's decode of them")
    func ownEncoders() throws {
        let folder = try TemporaryDirectory("pdq-own")
        var files: [(path: String, bytes: [UInt8])] = []
        // Sizes around the edges: tiny, exactly 64x64 (no blur in the single hash), under and over 512, very thin.
        for (index, (width, height)) in [(300, 200), (64, 64), (640, 480), (700, 1100), (17, 900)].enumerated() {
            let picture = SyntheticImage.make(seed: UInt64(index) + 40, width: width, height: height)
            let encodings: [(String, [UInt8])] = [
                ("png", ImageEncoder.png(picture)),
                ("jpg", ImageEncoder.jpeg(picture, quality: 85)),
                ("progressive.jpg", ImageEncoder.jpeg(picture, quality: 70, progressive: true)),
                ("cmyk.jpg", ImageEncoder.cmykJPEG(picture, quality: 90)),
                ("webp", ImageEncoder.webp(picture, quality: 80)),
                ("lossless.webp", ImageEncoder.webp(picture, quality: nil)),
                ("gif", ImageEncoder.gif(picture)),
            ]
            for (suffix, bytes) in encodings {
                files.append((try folder.write("\(width)x\(height).\(suffix)", bytes), bytes))
            }
        }
        let rows = PDQReferenceTable.rows(text: try PythonScript.run("pdq-fixtures.py", ["hash"] + files.map(\.path)))
        try #require(rows.count == 2 * files.count)
        for (index, file) in files.enumerated() {
            let (full, cli) = (rows[2 * index], rows[2 * index + 1])
            try #require(full.image == file.path && cli.image == file.path)
            let (_, pixels) = try ImageDecoder.decode(file.bytes, maxPixels: 100_000_000)
            #expect(pixels.width == full.width && pixels.height == full.height, "\(file.path)")
            for (mode, row) in [(PDQMode.full, full), (.referenceCLI, cli)] {
                let (result, dihedral) = PDQHasher.hashWithDihedral(pixels, mode: mode)
                #expect(result.hash.hex == row.hashes["hash"], "\(file.path) \(mode)")
                #expect(result.quality == row.quality, "\(file.path) \(mode)")
                for variant in PDQDihedral.allCases {
                    #expect(dihedral[variant]?.hex == row.hash(variant), "\(file.path) \(mode) \(variant.rawValue)")
                }
            }
        }
    }
}
