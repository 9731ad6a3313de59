import Testing
@testable import Linksieve

@Suite("PDQ hasher")
struct PDQHasherTests {
    static let zero = PDQHash(limbs: (0, 0, 0, 0))

    @Test("an image with a side under 5 pixels hashes to zero with quality 0")
    func tinyImages() {
        for (width, height) in [(4, 100), (100, 4), (1, 1)] {
            let pixels = Pixels(width: width, height: height, channels: 1,
                                samples: (0..<width * height).map { UInt8($0 % 256) })
            #expect(PDQHasher.hash(pixels) == PDQResult(hash: Self.zero, quality: 0))
            #expect(PDQHasher.dihedralHashes(pixels).values.allSatisfy { $0 == Self.zero })
        }
        let five = SyntheticImage.make(seed: 1, width: 5, height: 5)
        #expect(PDQHasher.hash(five).hash != Self.zero)
    }

    @Test("a flat image has quality 0")
    func flatImage() {
        let flat = Pixels(width: 80, height: 60, channels: 3, samples: [UInt8](repeating: 128, count: 80 * 60 * 3))
        #expect(PDQHasher.hash(flat).quality == 0)
    }

    @Test("reference-cli mode equals full mode when both sides are at most 512")
    func referenceModeOnSmallImages() {
        let pixels = SyntheticImage.make(seed: 9, width: 512, height: 300)
        #expect(PDQHasher.hash(pixels, mode: .referenceCLI) == PDQHasher.hash(pixels, mode: .full))
        let large = SyntheticImage.make(seed: 9, width: 513, height: 300)
        #expect(PDQHasher.hash(large, mode: .referenceCLI).hash.distance(to: PDQHasher.hash(large).hash) <= 8)
    }

    @Test("the dihedral original equals the single hash except for the 64x64 shortcut")
    func dihedralOriginal() {
        let pixels = SyntheticImage.make(seed: 4, width: 150, height: 100)
        #expect(PDQHasher.dihedralHashes(pixels)[.original] == PDQHasher.hash(pixels).hash)
    }

    @Test("each dihedral hash is the nearest of the eight to the hash of that rotation or flip of the pixels")
    func dihedralNamesMatchTransforms() throws {
        let source = SyntheticImage.make(seed: 8, width: 160, height: 120)
        let derived = PDQHasher.dihedralHashes(source)
        for variant in PDQDihedral.allCases {
            let actual = PDQHasher.hash(Self.transform(source, variant)).hash
            let distance = actual.distance(to: try #require(derived[variant]))
            // Not bit-equal by design (asymmetric even windows and decimation grid, pdq-algorithm.md §9).
            #expect(distance <= 20, "\(variant.rawValue): \(distance) bits")
            for other in PDQDihedral.allCases where other != variant {
                #expect(actual.distance(to: try #require(derived[other])) > distance + 32, "\(variant.rawValue) vs \(other.rawValue)")
            }
        }
    }

    @Test("the streamed hasher equals a plain full-buffer PDQ on awkward shapes, grey and colour, both modes",
          arguments: [(5, 5), (7, 300), (300, 7), (8, 8), (9, 17), (63, 65), (64, 64), (65, 64), (130, 257),
                      (1000, 9), (513, 700), (640, 1100)])
    func plainEquivalence(width: Int, height: Int) {
        let colour = SyntheticImage.make(seed: UInt64(width * 1000 + height), width: width, height: height)
        let grey = Pixels(width: width, height: height, channels: 1,
                          samples: stride(from: 0, to: colour.samples.count, by: 3).map { colour.samples[$0] })
        for pixels in [colour, grey] {
            for mode in PDQMode.allCases {
                #expect(PDQHasher.hash(pixels, mode: mode) == PlainPDQ.hash(pixels, mode: mode),
                        "\(width)x\(height) \(pixels.channels) channels \(mode)")
            }
        }
    }

    /// The pixel-space transform each variant names; rot90 turns the image counter-clockwise.
    static func transform(_ p: Pixels, _ variant: PDQDihedral) -> Pixels {
        let w = p.width, h = p.height
        let swaps = [.rotate90, .rotate270, .flipPlus1, .flipMinus1].contains(variant)
        let newWidth = swaps ? h : w, newHeight = swaps ? w : h
        var out = [UInt8](repeating: 0, count: p.samples.count)
        for r in 0..<newHeight {
            for c in 0..<newWidth {
                let (sr, sc): (Int, Int)
                switch variant {
                case .original: (sr, sc) = (r, c)
                case .rotate90: (sr, sc) = (c, w - 1 - r)
                case .rotate180: (sr, sc) = (h - 1 - r, w - 1 - c)
                case .rotate270: (sr, sc) = (h - 1 - c, r)
                case .flipX: (sr, sc) = (h - 1 - r, c)
                case .flipY: (sr, sc) = (r, w - 1 - c)
                case .flipPlus1: (sr, sc) = (c, r)
                case .flipMinus1: (sr, sc) = (h - 1 - c, w - 1 - r)
                }
                for k in 0..<p.channels {
                    out[(r * newWidth + c) * p.channels + k] = p.samples[(sr * w + sc) * p.channels + k]
                }
            }
        }
        return Pixels(width: newWidth, height: newHeight, channels: p.channels, samples: out)
    }
}
