import Testing

@testable import Linksieve

@Suite("RLE / bit-packed hybrid encoding")
struct RLEBitPackedHybridTests {
    private func decode(_ bytes: [UInt8], bitWidth: Int, count: Int) throws -> [UInt32] {
        try bytes.withUnsafeBytes { raw in try RLEBitPackedHybrid.decode(raw, bitWidth: bitWidth, count: count) }
    }

    @Test("decodes the bit-packed example of the Parquet spec")
    func specExample() throws {
        // Values 0…7 at bit width 3: one group, header (1 << 1) | 1.
        #expect(try decode([0x03, 0x88, 0xc6, 0xfa], bitWidth: 3, count: 8) == [0, 1, 2, 3, 4, 5, 6, 7])
    }

    @Test("decodes an RLE run")
    func rleRun() throws {
        // 300 copies of 5 at bit width 3: header varint(300 << 1), then one value byte.
        #expect(try decode([0xd8, 0x04, 0x05], bitWidth: 3, count: 300) == Array(repeating: 5, count: 300))
    }

    @Test("what the encoder writes decodes to the same values", arguments: [1, 2, 3, 7, 8, 13, 17, 24, 32])
    func roundTrip(bitWidth: Int) throws {
        var state: UInt64 = UInt64(bitWidth)
        let mask: UInt64 = bitWidth == 32 ? 0xffff_ffff : (1 << UInt64(bitWidth)) - 1
        var values = [UInt32]()
        for block in 0..<200 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let value = UInt32(truncatingIfNeeded: (state >> 20) & mask)
            // Alternate runs of repeats with stretches of distinct values.
            let length = block % 3 == 0 ? Int(state >> 58) + 1 : 1
            values += Array(repeating: value, count: length)
        }
        let encoded = RLEBitPackedHybrid.encode(values, bitWidth: bitWidth)
        #expect(try decode(encoded, bitWidth: bitWidth, count: values.count) == values)
    }

    @Test("running out of data or a zero-length run is an error, not a hang")
    func malformed() {
        #expect(throws: ParquetFormatError.self) { try decode([0x03, 0x88], bitWidth: 3, count: 8) }
        #expect(throws: ParquetFormatError.self) { try decode([0x00, 0x00], bitWidth: 1, count: 4) }
        #expect(throws: ParquetFormatError.self) { try decode([], bitWidth: 1, count: 1) }
        #expect(throws: ParquetFormatError.self) { try decode([0x02, 0x09], bitWidth: 3, count: 1) }
        #expect(throws: ParquetFormatError.self) { try decode([0x02, 0x01], bitWidth: 33, count: 1) }
    }

    @Test("a bit-packed run longer than its data says what is wrong with it")
    func overlongRunMessage() throws {
        // Header (100 << 1) | 1: 100 groups of 8 values in 2 bytes.
        let error = try #require(throws: ParquetFormatError.self) { try decode([0xc9, 0x01], bitWidth: 1, count: 8) }
        #expect(error.message.contains("100 groups"))
        #expect(error.message.contains("longer than"))
    }
}
