import Testing
@testable import Linksieve

/// Hostile and broken bodies: every one must end in pixels or a named error, never a crash or a huge allocation.
@Suite("Image decoder robustness")
struct ImageDecoderRobustnessTests {
    /// Small photos encoded by Pillow (Scripts/pdq-fixtures.py) plus linksieve's own encoder output.
    static func samples() throws -> [(name: String, bytes: [UInt8])] {
        let picture = SyntheticImage.make(seed: 11, width: 120, height: 90)
        return [
            ("256x256.jpg", try PDQFixtures.imageBytes("derived/astronaut-256-q90.jpg")),
            ("34x42.jpg", try PDQFixtures.imageBytes("derived/astronaut-34x42.jpg")),
            ("LA.png", try PDQFixtures.imageBytes("derived/astronaut-256-la.png")),
            ("I16.png", try PDQFixtures.imageBytes("derived/astronaut-256-i16.png")),
            ("lossy.webp", ImageEncoder.webp(picture, quality: 80)),
            ("lossless.webp", ImageEncoder.webp(picture, quality: nil)),
            ("picture.gif", ImageEncoder.gif(picture)),
        ]
    }

    @Test("every sample decodes when intact")
    func intactSamplesDecode() throws {
        for (name, bytes) in try Self.samples() {
            #expect(throws: Never.self, "\(name)") { try ImageDecoder.decode(bytes, maxPixels: 1_000_000) }
        }
    }

    @Test("truncated copies are refused as undecodable (or not an image when the magic is cut)")
    func truncated() throws {
        for (name, bytes) in try Self.samples() {
            for fraction in [0.0, 0.01, 0.05, 0.2, 0.5, 0.8, 0.95] {
                let cut = Array(bytes.prefix(Int(Double(bytes.count) * fraction)))
                do {
                    _ = try ImageDecoder.decode(cut, maxPixels: 1_000_000)
                    Issue.record("\(name) cut to \(cut.count) of \(bytes.count) bytes decoded")
                } catch {
                    let expected = ImageFormat.sniff(cut) == nil ? "not-an-image" : "undecodable"
                    #expect(error.reason == expected, "\(name) cut to \(cut.count) bytes: \(error)")
                }
            }
        }
    }

    @Test("bit-flipped copies end in pixels of the declared size or a named error")
    func bitFlipped() throws {
        var random = SplitMix64(seed: 2024)
        for (name, bytes) in try Self.samples() {
            for round in 0..<40 {
                var damaged = bytes
                // Keep the magic bytes so the damage reaches the decoder rather than the sniffer.
                for _ in 0..<(1 + round % 8) {
                    let index = 12 + Int(random.next() % UInt64(damaged.count - 12))
                    damaged[index] ^= UInt8(1 << (random.next() % 8))
                }
                do {
                    let decoded = try ImageDecoder.decode(damaged, maxPixels: 1_000_000).pixels
                    #expect(decoded.samples.count == decoded.width * decoded.height * decoded.channels)
                    #expect(decoded.width * decoded.height <= 1_000_000, "\(name) round \(round)")
                } catch {
                    #expect(["undecodable", "too-large"].contains(error.reason), "\(name) round \(round): \(error)")
                }
            }
        }
    }

    @Test("a PNG header claiming 100000x100000 is refused as too large from the header alone")
    func hugePNG() throws {
        // Signature, IHDR and an empty IDAT: no pixel data exists, so only the header can decide.
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png += PNGFixture.chunk("IHDR", PNGFixture.bigEndian(100_000) + PNGFixture.bigEndian(100_000) + [8, 2, 0, 0, 0])
        png += PNGFixture.chunk("IDAT", [])
        #expect(throws: ImageDecodeError.tooLarge(width: 100_000, height: 100_000)) {
            try ImageDecoder.decode(png, maxPixels: 100_000_000)
        }
    }

    @Test("a JPEG header claiming 65000x65000 (JPEG's limit is 65535) is refused as too large")
    func hugeJPEG() throws {
        var jpeg = ImageEncoder.jpeg(SyntheticImage.make(seed: 1, width: 16, height: 16), quality: 75)
        let sof = try #require((0..<jpeg.count - 8).first { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xC0 })
        // SOF0: marker, length (2), precision (1), height (2), width (2).
        jpeg.replaceSubrange(sof + 5..<sof + 9, with: [0xFD, 0xE8, 0xFD, 0xE8])
        #expect(throws: ImageDecodeError.tooLarge(width: 65_000, height: 65_000)) {
            try ImageDecoder.decode(jpeg, maxPixels: 100_000_000)
        }
    }

    @Test("a GIF screen of 65535x65535 is refused as too large")
    func hugeGIF() {
        let gif = Array("GIF89a".utf8) + [0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x3B]
        #expect(throws: ImageDecodeError.tooLarge(width: 65_535, height: 65_535)) {
            try ImageDecoder.decode(gif, maxPixels: 100_000_000)
        }
    }

    @Test("a lossless WebP header claiming 16384x16384 is refused as too large")
    func hugeWebP() throws {
        var webp = ImageEncoder.webp(SyntheticImage.make(seed: 1, width: 16, height: 16), quality: nil)
        let vp8l = try #require((0..<webp.count - 4).first { webp[$0..<$0 + 4].elementsEqual(Array("VP8L".utf8)) })
        // After the chunk size and the 0x2F signature: 14 bits width - 1, 14 bits height - 1 (LSB first).
        let header = vp8l + 9
        webp[header] = 0xFF
        webp[header + 1] = 0xFF
        webp[header + 2] = 0xFF
        webp[header + 3] = (webp[header + 3] & 0xF0) | 0x0F
        #expect(throws: ImageDecodeError.tooLarge(width: 16_384, height: 16_384)) {
            try ImageDecoder.decode(webp, maxPixels: 100_000_000)
        }
    }

    @Test("random bytes are not an image; random bytes behind a magic are undecodable")
    func randomBytes() throws {
        var random = SplitMix64(seed: 99)
        let noise = (0..<4096).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        try #require(ImageFormat.sniff(noise) == nil)
        #expect(throws: ImageDecodeError.notAnImage) { try ImageDecoder.decode(noise, maxPixels: 100_000_000) }
        let magics: [[UInt8]] = [
            [0xFF, 0xD8, 0xFF], [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
            Array("RIFF".utf8) + [0, 16, 0, 0] + Array("WEBP".utf8), Array("GIF89a".utf8),
        ]
        for magic in magics {
            do {
                _ = try ImageDecoder.decode(magic + noise, maxPixels: 100_000_000)
                Issue.record("noise behind \(magic) decoded")
            } catch {
                #expect(error.reason == "undecodable" || error.reason == "too-large", "\(magic): \(error)")
            }
        }
    }

    @Test("an empty body is not an image")
    func empty() {
        #expect(throws: ImageDecodeError.notAnImage) { try ImageDecoder.decode([], maxPixels: 100) }
    }
}
