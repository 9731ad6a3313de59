/// Builds PNG files byte by byte (stored deflate blocks, filter 0), to reach layouts the encoder never writes:
/// alpha, 16-bit, low bit depths, palettes with tRNS, Adam7 interlacing.
struct PNGFixture {
    var width: Int
    var height: Int
    var bitDepth: UInt8
    var colorType: UInt8
    /// One row of packed samples per image row, without the filter byte.
    var rows: [[UInt8]]
    var palette: [UInt8]? = nil
    var transparency: [UInt8]? = nil
    var interlaced = false

    var bytes: [UInt8] {
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png += Self.chunk("IHDR", Self.bigEndian(UInt32(width)) + Self.bigEndian(UInt32(height))
            + [bitDepth, colorType, 0, 0, interlaced ? 1 : 0])
        if let palette { png += Self.chunk("PLTE", palette) }
        if let transparency { png += Self.chunk("tRNS", transparency) }
        png += Self.chunk("IDAT", Self.zlibStored(interlaced ? adam7Scanlines() : rows.flatMap { [0] + $0 }))
        png += Self.chunk("IEND", [])
        return png
    }

    /// Bits per pixel of this layout.
    private var bitsPerPixel: Int {
        let channels = [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][Int(colorType)]!
        return channels * Int(bitDepth)
    }

    /// The seven Adam7 passes' scanlines; only whole-byte pixels (bit depth >= 8) are supported here.
    private func adam7Scanlines() -> [UInt8] {
        precondition(bitDepth >= 8, "the fixture interlaces whole-byte pixels only")
        let bytesPerPixel = bitsPerPixel / 8
        let passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
        var out = [UInt8]()
        for (x0, y0, dx, dy) in passes where x0 < width && y0 < height {
            for y in stride(from: y0, to: height, by: dy) {
                out.append(0)
                for x in stride(from: x0, to: width, by: dx) {
                    out += rows[y][x * bytesPerPixel..<(x + 1) * bytesPerPixel]
                }
            }
        }
        return out
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + typed + bigEndian(crc32(typed))
    }

    /// A zlib stream of stored (uncompressed) deflate blocks.
    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let count = min(65_535, data.count - offset)
            let final: UInt8 = offset + count == data.count ? 1 : 0
            out += [final, UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF)]
            out += data[offset..<offset + count]
            offset += count
        } while offset < data.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return out + bigEndian(b << 16 | a)
    }

    /// CRC-32 (IEEE), as PNG chunks carry it.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
