import Testing
@testable import Linksieve

/// PNG layouts reduced to grey or RGB the way Pillow reads them (the pixels the PDQ vectors assume).
@Suite("PNG decoding")
struct PNGDecoderTests {
    static func decode(_ fixture: PNGFixture) throws -> Pixels {
        try ImageDecoder.decode(fixture.bytes, maxPixels: 10_000).pixels
    }

    @Test("RGBA drops alpha without compositing, even where alpha is 0")
    func rgbaDropsAlpha() throws {
        let png = PNGFixture(width: 2, height: 1, bitDepth: 8, colorType: 6, rows: [[10, 20, 30, 0, 40, 50, 60, 128]])
        #expect(try Self.decode(png) == Pixels(width: 2, height: 1, channels: 3, samples: [10, 20, 30, 40, 50, 60]))
    }

    @Test("grey with alpha becomes one grey channel")
    func greyAlpha() throws {
        let png = PNGFixture(width: 3, height: 1, bitDepth: 8, colorType: 4, rows: [[5, 0, 100, 255, 200, 7]])
        #expect(try Self.decode(png) == Pixels(width: 3, height: 1, channels: 1, samples: [5, 100, 200]))
    }

    @Test("16-bit grey is clipped to 255, as Pillow converts I;16 to L")
    func sixteenBitGreyClips() throws {
        let png = PNGFixture(width: 5, height: 1, bitDepth: 16, colorType: 0,
                             rows: [[0x00, 0x00, 0x00, 0xFF, 0x01, 0x00, 0xFF, 0xFF, 0x00, 0x42]])
        #expect(try Self.decode(png) == Pixels(width: 5, height: 1, channels: 1, samples: [0, 255, 255, 255, 0x42]))
    }

    @Test("16-bit RGB and RGBA keep the high byte of each sample")
    func sixteenBitColourKeepsHighByte() throws {
        let rgb = PNGFixture(width: 1, height: 1, bitDepth: 16, colorType: 2, rows: [[0x12, 0x34, 0xAB, 0xFF, 0x00, 0x80]])
        #expect(try Self.decode(rgb) == Pixels(width: 1, height: 1, channels: 3, samples: [0x12, 0xAB, 0x00]))
        let rgba = PNGFixture(width: 1, height: 1, bitDepth: 16, colorType: 6,
                              rows: [[0x12, 0x34, 0xAB, 0xFF, 0x00, 0x80, 0x00, 0x00]])
        #expect(try Self.decode(rgba) == Pixels(width: 1, height: 1, channels: 3, samples: [0x12, 0xAB, 0x00]))
    }

    @Test("1-, 2- and 4-bit grey are scaled to 0…255")
    func lowBitDepthGrey() throws {
        let one = PNGFixture(width: 8, height: 1, bitDepth: 1, colorType: 0, rows: [[0b1010_0001]])
        #expect(try Self.decode(one).samples == [255, 0, 255, 0, 0, 0, 0, 255])
        let two = PNGFixture(width: 4, height: 1, bitDepth: 2, colorType: 0, rows: [[0b00_01_10_11]])
        #expect(try Self.decode(two).samples == [0, 85, 170, 255])
        let four = PNGFixture(width: 2, height: 1, bitDepth: 4, colorType: 0, rows: [[0x1F]])
        #expect(try Self.decode(four).samples == [17, 255])
    }

    @Test("a palette with transparency expands to the palette's RGB colours")
    func paletteWithTransparency() throws {
        let png = PNGFixture(width: 3, height: 1, bitDepth: 8, colorType: 3, rows: [[2, 0, 1]],
                             palette: [1, 2, 3, 4, 5, 6, 7, 8, 9], transparency: [0, 128])
        #expect(try Self.decode(png) == Pixels(width: 3, height: 1, channels: 3, samples: [7, 8, 9, 1, 2, 3, 4, 5, 6]))
    }

    @Test("grey with a tRNS colour stays one channel")
    func greyWithTransparency() throws {
        let png = PNGFixture(width: 2, height: 1, bitDepth: 8, colorType: 0, rows: [[9, 200]], transparency: [0, 9])
        #expect(try Self.decode(png) == Pixels(width: 2, height: 1, channels: 1, samples: [9, 200]))
    }

    @Test("Adam7-interlaced images decode to the same pixels as non-interlaced ones")
    func interlaced() throws {
        let width = 13, height = 11
        for (colorType, channels) in [(UInt8(2), 3), (6, 4), (0, 1)] {
            let rows = (0..<height).map { y in (0..<width * channels).map { UInt8(truncatingIfNeeded: y * 31 + $0 * 7) } }
            let plain = PNGFixture(width: width, height: height, bitDepth: 8, colorType: colorType, rows: rows)
            var interlaced = plain
            interlaced.interlaced = true
            #expect(try Self.decode(interlaced) == Self.decode(plain), "colour type \(colorType)")
        }
    }
}
