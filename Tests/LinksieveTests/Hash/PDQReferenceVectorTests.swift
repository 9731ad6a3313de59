import Foundation
import Testing
@testable import Linksieve

/// Meta's published PDQ vectors, when `LINKSIEVE_PDQ_VECTORS` names their folder (`.ci/run` points it at
/// ../shared/pdq-vectors): linksieve's hashes against the reference implementation's tables, decoded by
/// ImageDecoder, plus the other checks that need Meta's images and hash lists. Skipped, visibly, without them.
@Suite("Meta's PDQ vectors", .needsPDQVectors)
struct PDQReferenceVectorTests {
    static let fullRows = PDQVectors.asIsRows("generated-fullres-no-preresize.tsv")
    static let referenceRows = PDQVectors.asIsRows("generated-reference-512nn.tsv")

    @Test("the vector tables are present and complete")
    func tablesArePresent() {
        #expect(Self.fullRows.count == 53)
        #expect(Self.referenceRows.count == 53)
        #expect(PDQVectors.images.count == 53)
    }

    @Test("full mode equals pdqhash's hash and quality on every as-is vector", arguments: fullRows)
    func fullResolution(row: PDQReferenceTable.Row) throws {
        let (_, pixels) = try ImageDecoder.decode(try PDQVectors.imageBytes(row.image), maxPixels: 100_000_000)
        #expect(pixels.width == row.width && pixels.height == row.height)
        let result = PDQHasher.hash(pixels, mode: .full)
        #expect(result.hash.hex == row.hashes["hash"])
        #expect(result.quality == row.quality)
    }

    @Test("reference-cli mode equals the C++ CLI's hash, quality and 8 dihedral hashes", arguments: referenceRows)
    func referenceCLI(row: PDQReferenceTable.Row) throws {
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

    @Test("--fast-decode stays within 6 bits of full mode on every JPEG vector of quality >= 80",
          arguments: fullRows.filter { FastDecodeTests.isJPEG($0.image) && $0.quality >= 80 })
    func fastDecodeDrift(row: PDQReferenceTable.Row) throws {
        try FastDecodeTests.checkDrift(try PDQVectors.imageBytes(row.image), against: row)
    }

    @Test("truncated and bit-flipped copies of every vector image end as a hash or a named reason",
          arguments: PDQVectors.images)
    func damagedVectorCopies(image: String) throws {
        try VectorFuzzTests.checkDamagedCopies(of: try PDQVectors.imageBytes(image), name: image)
    }

    @Test("Meta's haystack.txt loads as a pdq list once the algorithm is named")
    func metaHaystack() throws {
        let path = try PDQVectors.url("hashlists/haystack.txt").path
        #expect(throws: HashListError.self) { try HashListLoader.loadList(path: path) }
        let list = try HashListLoader.loadList(path: path, defaultAlgorithm: .pdq)
        #expect(list.entryCount == 1350 - list.duplicates)
        #expect(list.counts[.pdq] == list.entryCount)
    }

    @Test("finds Meta's needles in the haystack as the linear scan does, in both layouts", arguments: HammingIndex.Layout.allCases)
    func needlesInHaystack(layout: HammingIndex.Layout) throws {
        func read(_ name: String) throws -> [PDQHash] {
            try String(contentsOf: try PDQVectors.url("hashlists/" + name), encoding: .utf8).split(separator: "\n")
                .map { try #require(PDQHash(hex: $0)) }
        }
        let haystack = try read("haystack.txt")
        let needles = try read("needles.txt")
        let index = HammingIndex(haystack, layout: layout)
        var matched = 0
        for needle in needles {
            let found = Dictionary(uniqueKeysWithValues: index.search(needle, radius: 31).map { ($0.index, $0.distance) })
            #expect(found == HammingIndexTests.bruteForce(haystack, needle, radius: 31))
            matched += found.isEmpty ? 0 : 1
        }
        #expect(matched > 0)
    }
}
