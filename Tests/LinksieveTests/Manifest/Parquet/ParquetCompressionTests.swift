import Testing

@testable import Linksieve

@Suite("Parquet page codecs")
struct ParquetCompressionTests {
    static let codecs: [ParquetCodec] = [.uncompressed, .snappy, .gzip, .zstd, .lz4, .lz4Raw, .brotli]

    private func decompress(_ codec: ParquetCodec, _ bytes: [UInt8], size: Int) throws -> [UInt8] {
        try bytes.withUnsafeBytes { raw in try ParquetCompression.decompress(codec, raw, uncompressedSize: size) }
    }

    private static func sample(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<count).map { i in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            // Half repetitive text, half noise, so every codec has something to find.
            return i % 64 < 32 ? UInt8(ascii: "a") + UInt8(i % 7) : UInt8(truncatingIfNeeded: state >> 33)
        }
    }

    @Test("what each codec compresses inflates back to the same bytes", arguments: codecs)
    func roundTrip(codec: ParquetCodec) throws {
        for size in [0, 1, 100, 70_000] {
            let input = Self.sample(size, seed: UInt64(size))
            let compressed = ParquetCompression.compress(codec, input)
            #expect(try decompress(codec, compressed, size: size) == input, "\(codec) \(size)")
        }
    }

    @Test("a page of 0 bytes with no compressed stream at all is an empty page", arguments: codecs)
    func emptyPage(codec: ParquetCodec) throws {
        #expect(try decompress(codec, [], size: 0) == [])
    }

    @Test("a gzip page made of several gzip members inflates to all of them")
    func gzipMembers() throws {
        let first = Self.sample(5000, seed: 1), second = Self.sample(3000, seed: 2), third = Self.sample(10, seed: 3)
        let members = ParquetCompression.compress(.gzip, first) + ParquetCompression.compress(.gzip, second)
            + ParquetCompression.compress(.gzip, third)
        #expect(try decompress(.gzip, members, size: 8010) == first + second + third)
        #expect(throws: ParquetFormatError.self) { try decompress(.gzip, members + [0x1f], size: 8010) }
    }

    @Test("the LZ4 codec reads Hadoop-framed blocks and, as Arrow does, a bare block")
    func lz4Framings() throws {
        let input = Self.sample(20_000, seed: 9)
        let framed = ParquetCompression.compress(.lz4, input)
        #expect(Array(framed[0..<4]) == [0, 0, 0x4e, 0x20])
        #expect(try decompress(.lz4, framed, size: input.count) == input)
        #expect(try decompress(.lz4, ParquetCompression.compress(.lz4Raw, input), size: input.count) == input)
        // Two Hadoop frames back to back, as Hadoop writes a large page.
        let halves = ParquetCompression.compress(.lz4, Array(input[..<8000]))
            + ParquetCompression.compress(.lz4, Array(input[8000...]))
        #expect(try decompress(.lz4, halves, size: input.count) == input)
    }

    @Test("damaged or short streams are errors, not crashes", arguments: codecs.filter { $0 != .uncompressed })
    func damaged(codec: ParquetCodec) throws {
        let input = Self.sample(4000, seed: 5)
        var compressed = ParquetCompression.compress(codec, input)
        #expect(throws: ParquetFormatError.self) { try decompress(codec, compressed, size: input.count + 1) }
        compressed = Array(compressed[..<(compressed.count / 2)])
        #expect(throws: ParquetFormatError.self) { try decompress(codec, compressed, size: input.count) }
    }
}
