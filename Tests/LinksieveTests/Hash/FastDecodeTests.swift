import Testing
@testable import Linksieve

/// `--fast-decode`: large JPEGs reduced in the DCT domain and grey, everything else exactly as without it.
@Suite("Fast decode")
struct FastDecodeTests {
    static let jpegRows = PDQFixtures.fullRows.filter { isJPEG($0.image) }

    static func isJPEG(_ image: String) -> Bool { image.hasSuffix(".jpg") || image.hasSuffix(".jpeg") }

    /// Fixtures that drift further than 6 bits, with the drift measured when they were added (docs/PDQ.md):
    /// dark, low-contrast fundus photos and smooth upscales, where the Y plane of a reduced decode departs
    /// most from the luma of the full RGB decode. The bound keeps them from getting worse.
    static let knownDrift = ["photos/retina.jpg": 12, "derived/retina-2822x2822.jpg": 16, "derived/coffee-2000x1400.jpg": 10]

    /// `bytes` hashed with --fast-decode is within `bits` of the full-mode reference `row`, at its declared size.
    static func checkDrift(_ bytes: [UInt8], against row: PDQReferenceTable.Row, bits: Int = 6) throws {
        let facts = try HashStage(fastDecode: true).hash(bytes).image.get()
        let expected = try #require(PDQHash(hex: row.hashes["hash"] ?? ""))
        #expect(facts.pdq.hash.distance(to: expected) <= bits)
        #expect(facts.width == row.width && facts.height == row.height)
    }

    @Test("the fixture table has JPEG rows to check, some large enough to be reduced")
    func jpegRowsExist() {
        #expect(Self.jpegRows.count >= 10)
        #expect(Self.jpegRows.filter { min($0.width, $0.height) >= 1024 }.count >= 3)
    }

    @Test("stays within 6 bits of pdqhash's full-mode hash on every JPEG fixture of quality >= 80, bar the known few",
          arguments: jpegRows.filter { $0.quality >= 80 })
    func drift(row: PDQReferenceTable.Row) throws {
        try Self.checkDrift(try PDQFixtures.imageBytes(row.image), against: row, bits: Self.knownDrift[row.image] ?? 6)
    }

    @Test("an image no power-of-two scale fits decodes exactly as without the flag")
    func smallImagesUnchanged() throws {
        for (width, height) in [(1000, 800), (640, 480), (1022, 1400)] {
            let bytes = ImageEncoder.jpeg(SyntheticImage.make(seed: 12, width: width, height: height), quality: 90)
            let fast = try ImageDecoder.decode(bytes, maxPixels: 100_000_000, fastDecode: true)
            #expect(try ImageDecoder.decode(bytes, maxPixels: 100_000_000).pixels == fast.pixels, "\(width)x\(height)")
        }
    }

    @Test("a large JPEG is reduced by the smallest power-of-two scale keeping 512 pixels on the shorter side")
    func reducedSize() throws {
        let cases = [(1100, 1030, 550, 515), (2100, 2050, 525, 513), (4200, 4100, 525, 513), (4000, 3000, 1000, 750), (600, 9000, 600, 9000)]
        for (width, height, reducedWidth, reducedHeight) in cases {
            let flat = Pixels(width: width, height: height, channels: 1, samples: [UInt8](repeating: 90, count: width * height))
            let fast = try ImageDecoder.decode(ImageEncoder.jpeg(flat, quality: 75), maxPixels: 100_000_000, fastDecode: true)
            #expect(fast.width == width && fast.height == height)
            #expect(fast.pixels.width == reducedWidth && fast.pixels.height == reducedHeight, "\(width)x\(height)")
        }
    }

    @Test("a reduced colour JPEG comes out grey and hashes within 6 bits of its pixels")
    func reducedColour() throws {
        let picture = SyntheticImage.make(seed: 13, width: 1100, height: 1030)
        let bytes = ImageEncoder.jpeg(picture, quality: 90)
        let fast = try ImageDecoder.decode(bytes, maxPixels: 100_000_000, fastDecode: true)
        #expect(fast.pixels.channels == 1 && fast.pixels.width == 550)
        let facts = try HashStage(fastDecode: true).hash(bytes).image.get()
        #expect(facts.width == 1100 && facts.height == 1030)
        #expect(facts.pdq.hash.distance(to: PDQHasher.hash(picture).hash) <= 6)
    }

    @Test("a large CMYK JPEG is reduced but stays colour; PNG, WebP and GIF are untouched")
    func otherInputs() throws {
        let picture = SyntheticImage.make(seed: 14, width: 1200, height: 1100)
        let cmyk = try ImageDecoder.decode(ImageEncoder.cmykJPEG(picture, quality: 90), maxPixels: 100_000_000, fastDecode: true)
        #expect(cmyk.pixels.width == 600 && cmyk.pixels.height == 550 && cmyk.pixels.channels == 3)
        for bytes in [ImageEncoder.png(picture), ImageEncoder.webp(picture, quality: 90), ImageEncoder.gif(picture)] {
            let fast = try ImageDecoder.decode(bytes, maxPixels: 100_000_000, fastDecode: true)
            #expect(try ImageDecoder.decode(bytes, maxPixels: 100_000_000).pixels == fast.pixels, "\(fast.format)")
        }
    }
}
