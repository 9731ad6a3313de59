import Testing
@testable import Linksieve

@Suite("Image codecs")
struct ImageCodecTests {
    static let picture = SyntheticImage.make(seed: 7, width: 96, height: 64)

    @Test("sniffing uses magic bytes only")
    func sniff() {
        #expect(ImageFormat.sniff([0xFF, 0xD8, 0xFF, 0xE0]) == .jpeg)
        #expect(ImageFormat.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) == .png)
        #expect(ImageFormat.sniff(Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8)) == .webp)
        #expect(ImageFormat.sniff(Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVEfmt ".utf8)) == nil)
        #expect(ImageFormat.sniff(Array("GIF89a".utf8)) == .gif)
        #expect(ImageFormat.sniff(Array("GIF87a".utf8)) == .gif)
        #expect(ImageFormat.sniff(Array("<html><body>".utf8)) == nil)
        #expect(ImageFormat.sniff([0xFF, 0xD8]) == nil)
    }

    @Test("PNG and lossless WebP round-trip RGB pixels exactly")
    func losslessRoundTrip() throws {
        let png = try ImageDecoder.decode(ImageEncoder.png(Self.picture), maxPixels: 10_000)
        #expect(png.format == .png)
        #expect(png.pixels == Self.picture)
        let webp = try ImageDecoder.decode(ImageEncoder.webp(Self.picture, quality: nil), maxPixels: 10_000)
        #expect(webp.format == .webp)
        #expect(webp.pixels == Self.picture)
    }

    @Test("a grey PNG decodes to one channel")
    func greyPNG() throws {
        let grey = Pixels(width: 3, height: 2, channels: 1, samples: [0, 50, 100, 150, 200, 250])
        let decoded = try ImageDecoder.decode(ImageEncoder.png(grey), maxPixels: 100)
        #expect(decoded.pixels == grey)
    }

    @Test("lossy JPEG and WebP decode to the right size with small error")
    func lossyRoundTrip() throws {
        for (format, bytes) in [(ImageFormat.jpeg, ImageEncoder.jpeg(Self.picture, quality: 95)),
                                (.webp, ImageEncoder.webp(Self.picture, quality: 90))] {
            let decoded = try ImageDecoder.decode(bytes, maxPixels: 10_000)
            #expect(decoded.format == format)
            #expect(decoded.pixels.width == 96 && decoded.pixels.height == 64 && decoded.pixels.channels == 3)
            let error = zip(decoded.pixels.samples, Self.picture.samples).map { abs(Int($0) - Int($1)) }
            #expect(Double(error.reduce(0, +)) / Double(error.count) < 4, "\(format)")
        }
    }

    @Test("a grey JPEG stays one channel")
    func greyJPEG() throws {
        let grey = Pixels(width: 16, height: 16, channels: 1, samples: (0..<256).map { UInt8($0) })
        let decoded = try ImageDecoder.decode(ImageEncoder.jpeg(grey, quality: 90), maxPixels: 1_000)
        #expect(decoded.pixels.channels == 1)
    }

    @Test("a GIF decodes to its palette colours, exact for colours in the palette")
    func gifRoundTrip() throws {
        let levels: [UInt8] = [0, 51, 102, 153, 204, 255]
        var samples = [UInt8]()
        for i in 0..<40 * 30 {
            samples += [levels[i % 6], levels[(i / 6) % 6], levels[(i / 36) % 6]]
        }
        let cube = Pixels(width: 40, height: 30, channels: 3, samples: samples)
        let decoded = try ImageDecoder.decode(ImageEncoder.gif(cube), maxPixels: 10_000)
        #expect(decoded.format == .gif)
        #expect(decoded.pixels == cube)
    }

    @Test("a bilinear resize keeps a uniform image uniform and has the requested size")
    func resize() {
        let flat = Pixels(width: 10, height: 10, channels: 3, samples: [UInt8](repeating: 77, count: 300))
        let resized = flat.resized(to: 23, height: 7)
        #expect(resized.width == 23 && resized.height == 7)
        #expect(resized.samples.allSatisfy { $0 == 77 })
    }
}
