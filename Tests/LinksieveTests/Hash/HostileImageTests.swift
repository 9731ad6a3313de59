import Testing
@testable import Linksieve

/// The image shapes the web serves beyond plain RGB: each must decode to the right pixels or end in a named reason.
@Suite("Hostile and unusual images")
struct HostileImageTests {
    static let picture = SyntheticImage.make(seed: 21, width: 160, height: 120)

    static func meanError(_ a: Pixels, _ b: Pixels) -> Double {
        let errors = zip(a.samples, b.samples).map { abs(Int($0) - Int($1)) }
        return Double(errors.reduce(0, +)) / Double(errors.count)
    }

    static func decode(_ bytes: [UInt8]) throws -> Pixels {
        try ImageDecoder.decode(bytes, maxPixels: 100_000_000).pixels
    }

    @Test("a CMYK JPEG (Adobe, inverted) decodes to the RGB it holds and hashes like the RGB original")
    func cmykJPEG() throws {
        let bytes = ImageEncoder.cmykJPEG(Self.picture, quality: 95)
        let decoded = try Self.decode(bytes)
        #expect(decoded.channels == 3 && decoded.width == 160 && decoded.height == 120)
        #expect(Self.meanError(decoded, Self.picture) < 4)
        #expect(PDQHasher.hash(decoded).hash.distance(to: PDQHasher.hash(Self.picture).hash) <= 4)
    }

    @Test("a grey JPEG decodes to one channel and hashes like its source")
    func greyJPEG() throws {
        let grey = Pixels(width: 160, height: 120, channels: 1,
                          samples: stride(from: 0, to: Self.picture.samples.count, by: 3).map { Self.picture.samples[$0 + 1] })
        let decoded = try Self.decode(ImageEncoder.jpeg(grey, quality: 90))
        #expect(decoded.channels == 1)
        #expect(PDQHasher.hash(decoded).hash.distance(to: PDQHasher.hash(grey).hash) <= 4)
    }

    @Test("a progressive JPEG decodes to the same pixels as the baseline JPEG of the same quality")
    func progressiveJPEG() throws {
        let progressive = ImageEncoder.jpeg(Self.picture, quality: 85, progressive: true)
        let baseline = ImageEncoder.jpeg(Self.picture, quality: 85)
        #expect(progressive != baseline)
        #expect(try Self.decode(progressive) == Self.decode(baseline))
    }

    @Test("a truncated progressive JPEG is undecodable")
    func truncatedProgressiveJPEG() {
        let progressive = ImageEncoder.jpeg(Self.picture, quality: 85, progressive: true)
        #expect(throws: ImageDecodeError.self) { try Self.decode(Array(progressive.prefix(progressive.count / 2))) }
    }

    @Test("an animated GIF yields its first frame")
    func animatedGIF() throws {
        let levels: [UInt8] = [0, 51, 102, 153, 204, 255]
        func frame(_ shift: Int) -> Pixels {
            var samples = [UInt8]()
            for i in 0..<48 * 32 { samples += [levels[(i + shift) % 6], levels[(i / 6) % 6], levels[(i / 36 + shift) % 6]] }
            return Pixels(width: 48, height: 32, channels: 3, samples: samples)
        }
        let gif = ImageEncoder.animatedGIF([frame(0), frame(3)])
        #expect(gif.count > ImageEncoder.gif(frame(0)).count)
        #expect(try Self.decode(gif) == frame(0))
    }

    @Test("WebP with alpha, lossless and lossy, drops the alpha without compositing")
    func webpWithAlpha() throws {
        let alpha = (0..<160 * 120).map { UInt8(1 + $0 % 255) }
        let lossless = try Self.decode(ImageEncoder.webp(Self.picture, alpha: alpha, quality: nil))
        #expect(lossless == Self.picture)
        let lossy = try Self.decode(ImageEncoder.webp(Self.picture, alpha: alpha, quality: 90))
        #expect(lossy.channels == 3 && Self.meanError(lossy, Self.picture) < 4)
    }

    @Test("an animated WebP yields its first frame")
    func animatedWebP() throws {
        let first = SyntheticImage.make(seed: 31, width: 64, height: 48)
        let second = SyntheticImage.make(seed: 32, width: 64, height: 48)
        let decoded = try ImageDecoder.decode(WebPAnimationFixture.make([first, second]), maxPixels: 100_000_000)
        #expect(decoded.format == .webp)
        #expect(decoded.pixels == first)
    }

    @Test("an animated WebP canvas over the cap is refused as too large before decoding")
    func hugeAnimatedWebP() {
        let first = SyntheticImage.make(seed: 31, width: 16, height: 16)
        let webp = WebPAnimationFixture.make([first], canvasWidth: 60_000, canvasHeight: 60_000)
        #expect(throws: ImageDecodeError.tooLarge(width: 60_000, height: 60_000)) {
            try ImageDecoder.decode(webp, maxPixels: 100_000_000)
        }
    }

    @Test("an animated WebP canvas of 100000x100000 is refused by libwebp's own 2^32 area limit, from the header")
    func hugerAnimatedWebP() {
        let first = SyntheticImage.make(seed: 31, width: 16, height: 16)
        let webp = WebPAnimationFixture.make([first], canvasWidth: 100_000, canvasHeight: 100_000)
        #expect(throws: ImageDecodeError.undecodable("invalid WebP header")) {
            try ImageDecoder.decode(webp, maxPixels: 100_000_000)
        }
    }

    @Test("a truncated animated WebP is undecodable")
    func truncatedAnimatedWebP() {
        let frames = [SyntheticImage.make(seed: 33, width: 64, height: 48), SyntheticImage.make(seed: 34, width: 64, height: 48)]
        let webp = WebPAnimationFixture.make(frames)
        for cut in [40, webp.count / 3, webp.count / 2] {
            #expect(throws: ImageDecodeError.self, "cut to \(cut)") { try Self.decode(Array(webp.prefix(cut))) }
        }
    }

    @Test("a PNG header claiming 100000x100000 is refused by the hash stage with the default cap")
    func hugePNGThroughStage() {
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png += PNGFixture.chunk("IHDR", PNGFixture.bigEndian(100_000) + PNGFixture.bigEndian(100_000) + [8, 6, 0, 0, 0])
        png += PNGFixture.chunk("IDAT", PNGFixture.zlibStored([0]))
        #expect(throws: ImageDecodeError.tooLarge(width: 100_000, height: 100_000)) { try HashStage().hash(png).image.get() }
        #expect(throws: ImageDecodeError.tooLarge(width: 100_000, height: 100_000)) {
            try HashStage(fastDecode: true).hash(png).image.get()
        }
    }

    @Test("a JPEG header over the cap is refused on the fast path too")
    func hugeJPEGFastPath() throws {
        let jpeg = ImageEncoder.jpeg(SyntheticImage.make(seed: 2, width: 40, height: 30), quality: 80)
        #expect(throws: ImageDecodeError.tooLarge(width: 40, height: 30)) {
            try ImageDecoder.decode(jpeg, maxPixels: 1_199, fastDecode: true)
        }
    }

    @Test("bodies that are not images are named not-an-image, whatever they claim to be", arguments: [
        "<!DOCTYPE html><html><body>404</body></html>", "{\"error\":\"not found\"}", "%PDF-1.7\n%âãÏÓ\n",
        "<html><svg/></html>", "PK\u{3}\u{4}zip", "BM6\u{0}\u{0}\u{0}bitmap", "II tiff", "",
    ])
    func notImages(body: String) {
        #expect(throws: ImageDecodeError.notAnImage) { try HashStage().hash(Array(body.utf8)).image.get() }
    }
}
