import Foundation
import Testing
@testable import Linksieve

/// Damaged copies of every shared vector image: each must end hashed or with a named reason, never a crash.
///
/// The sample per vector is deterministic (seeded by the file name) and smaller for large files, so the
/// whole suite stays within seconds in a debug build.
@Suite("Vector fuzzing")
struct VectorFuzzTests {
    static let images: [String] = {
        let root = PDQVectors.directory.appendingPathComponent("images")
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
            .compactMap { ($0 as? URL)?.path } ?? []
        return files.filter { [".jpg", ".jpeg", ".png", ".webp", ".gif"].contains(where: $0.lowercased().hasSuffix) }
            .map { String($0.dropFirst(root.path.count + 1)) }
            .sorted()
    }()

    static let reasons: Set<String> = ["undecodable", "too-large", "not-an-image"]

    @Test("every vector image is found")
    func vectorsFound() {
        #expect(Self.images.count == 53)
    }

    @Test("truncated and bit-flipped copies end as a hash or a named reason", arguments: images)
    func damagedCopies(image: String) throws {
        let bytes = try PDQVectors.imageBytes(image)
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
