import Foundation
import Testing
@testable import Linksieve

/// Damaged copies of every PDQ fixture image (and of Meta's vectors, in their own suite): each must end
/// hashed or with a named reason, never a crash.
///
/// The sample per image is deterministic (seeded by the file name) and smaller for large files, so the
/// whole suite stays within seconds in a debug build.
@Suite("Image fuzzing")
struct VectorFuzzTests {
    static let reasons: Set<String> = ["undecodable", "too-large", "not-an-image"]

    @Test("every fixture image is found")
    func fixturesFound() throws {
        _ = try PDQFixtures.directory()
        #expect(PDQFixtures.images.count == PDQFixtures.expectedImageCount)
    }

    @Test("truncated and bit-flipped copies end as a hash or a named reason", arguments: PDQFixtures.images)
    func damagedCopies(image: String) throws {
        try Self.checkDamagedCopies(of: try PDQFixtures.imageBytes(image), name: image)
    }

    /// Hashes an empty body, the magic alone, random truncations and random bit flips of `bytes`.
    static func checkDamagedCopies(of bytes: [UInt8], name image: String) throws {
        var random = SplitMix64(seed: image.utf8.reduce(1469598103934665603) { ($0 ^ UInt64($1)) &* 1099511628211 })
        let large = bytes.count > 1_000_000, medium = bytes.count > 100_000
        let cuts = large ? 3 : medium ? 6 : 12
        let flips = large ? 1 : medium ? 2 : 16
        var copies: [(String, [UInt8])] = [("empty", []), ("magic only", Array(bytes.prefix(4)))]
        for _ in 0..<cuts {
            let length = Int(random.next() % UInt64(bytes.count))
            copies.append(("cut to \(length)", Array(bytes.prefix(length))))
        }
        for round in 0..<flips {
            var damaged = bytes
            // Flips land anywhere after the magic, most of them in the first 2 KiB where the headers are.
            for _ in 0..<(1 + round % 6) {
                let span = round % 2 == 0 ? min(2048, damaged.count) : damaged.count
                let index = 8 + Int(random.next() % UInt64(span - 8))
                damaged[index] ^= UInt8(1 << (random.next() % 8))
            }
            copies.append(("flip round \(round)", damaged))
        }
        let stage = HashStage(maxPixels: 100_000_000, dihedral: true)
        for (name, body) in copies {
            switch stage.hash(body).image {
            case .success(let facts):
                #expect(facts.width > 0 && facts.height > 0 && facts.dihedral?.count == 8, "\(name)")
            case .failure(let error):
                #expect(Self.reasons.contains(error.reason), "\(name): \(error)")
            }
        }
    }
}
