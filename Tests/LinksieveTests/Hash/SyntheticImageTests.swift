import Testing
@testable import Linksieve

@Suite("Synthetic images")
struct SyntheticImageTests {
    static let seeds: [UInt64] = Array(1...8)

    @Test("the same seed gives the same pixels")
    func deterministic() {
        #expect(SyntheticImage.make(seed: 42, width: 40, height: 30) == SyntheticImage.make(seed: 42, width: 40, height: 30))
    }

    @Test("different seeds hash far apart (> 80 bits), each with quality of at least 50")
    func seedsAreFarApart() {
        let results = Self.seeds.map { PDQHasher.hash(SyntheticImage.make(seed: $0, width: 256, height: 192)) }
        for result in results { #expect(result.quality >= 50) }
        for i in results.indices {
            for j in results.indices where i < j {
                #expect(results[i].hash.distance(to: results[j].hash) > 80, "seeds \(Self.seeds[i]) and \(Self.seeds[j])")
            }
        }
    }

    @Test("re-encodes, a downscale and a re-rendering at another size stay within 4 bits")
    func nearDuplicatesStayClose() throws {
        for seed in Self.seeds {
            let original = SyntheticImage.make(seed: seed, width: 256, height: 192)
            let hash = PDQHasher.hash(original).hash
            let variants: [(String, Pixels)] = [
                ("jpeg q50", try ImageDecoder.decode(ImageEncoder.jpeg(original, quality: 50), maxPixels: 1_000_000).pixels),
                ("webp q50", try ImageDecoder.decode(ImageEncoder.webp(original, quality: 50), maxPixels: 1_000_000).pixels),
                ("gif", try ImageDecoder.decode(ImageEncoder.gif(original), maxPixels: 1_000_000).pixels),
                ("downscaled", original.resized(to: 100, height: 75)),
                ("re-rendered", SyntheticImage.make(seed: seed, width: 640, height: 480)),
            ]
            for (name, pixels) in variants {
                #expect(PDQHasher.hash(pixels).hash.distance(to: hash) <= 4, "seed \(seed) \(name)")
            }
        }
    }
}
