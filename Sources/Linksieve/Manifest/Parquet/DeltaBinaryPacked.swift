/// Parquet's DELTA_BINARY_PACKED encoding of integers (pyarrow, Spark and DuckDB's V2 choose it):
/// a header (block size, miniblocks per block, value count, first value), then blocks of a
/// zigzag minimum delta, one bit width per miniblock, and the miniblocks' deltas bit-packed
/// LSB first. It also carries the lengths inside the two DELTA byte-array encodings.
enum DeltaBinaryPacked {
    /// Largest block this reader accepts; writers use 128 (Arrow, parquet-mr) to 2048 values.
    private static let maxBlockSize: UInt64 = 1 << 16

    /// Decodes the first `count` values of the stream at the start of `data` (the stream must
    /// hold at least that many) and returns them with the bytes read through their last miniblock.
    static func decode(
        _ data: UnsafeRawBufferPointer, count: Int
    ) throws(ParquetFormatError) -> (values: [Int64], consumed: Int) {
        var position = 0
        func varint() throws(ParquetFormatError) -> UInt64 {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard position < data.count else { throw ParquetFormatError("DELTA_BINARY_PACKED data cut off at byte \(position)") }
                let byte = data[position]
                position += 1
                result |= UInt64(byte & 0x7f) << shift
                if byte & 0x80 == 0 { return result }
                shift += 7
                guard shift < 64 else { throw ParquetFormatError("DELTA_BINARY_PACKED varint longer than 64 bits") }
            }
        }
        func zigzag() throws(ParquetFormatError) -> Int64 {
            let raw = try varint()
            return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
        }
        let blockSize = try varint()
        let miniblocks = try varint()
        let total = try varint()
        let first = try zigzag()
        guard blockSize > 0, blockSize <= maxBlockSize, miniblocks > 0, blockSize % miniblocks == 0,
            (blockSize / miniblocks) % 8 == 0
        else {
            throw ParquetFormatError(
                "DELTA_BINARY_PACKED header of blocks of \(blockSize) values in \(miniblocks) miniblocks is invalid"
                    + " (each miniblock must hold a multiple of 8 values)")
        }
        guard total >= UInt64(count) else {
            throw ParquetFormatError("DELTA_BINARY_PACKED stream holds \(total) values where \(count) are needed")
        }
        let perMiniblock = Int(blockSize / miniblocks)
        var values = [Int64]()
        guard count > 0 else { return (values, position) }
        values.reserveCapacity(count)
        values.append(first)
        var previous = first
        var widths = [Int](repeating: 0, count: Int(miniblocks))
        while values.count < count {
            let minDelta = try zigzag()
            guard data.count - position >= widths.count else {
                throw ParquetFormatError("DELTA_BINARY_PACKED miniblock bit widths cut off at byte \(position)")
            }
            for i in widths.indices {
                widths[i] = Int(data[position + i])
                guard widths[i] <= 64 else {
                    throw ParquetFormatError("DELTA_BINARY_PACKED miniblock bit width \(widths[i]) is wider than 64")
                }
            }
            position += widths.count
            for width in widths where values.count < count {
                let size = perMiniblock * width / 8
                guard size <= data.count - position else {
                    throw ParquetFormatError(
                        "DELTA_BINARY_PACKED miniblock of \(size) bytes runs past the data end at byte \(position)")
                }
                let take = min(perMiniblock, count - values.count)
                for i in 0..<take {
                    let delta = unpack(data, bitOffset: position * 8 + i * width, width: width)
                    previous = previous &+ minDelta &+ Int64(bitPattern: delta)
                    values.append(previous)
                }
                position += size
            }
        }
        return (values, position)
    }

    /// `width` bits (0...64) starting `bitOffset` bits into `data`, LSB first.
    @inline(__always)
    private static func unpack(_ data: UnsafeRawBufferPointer, bitOffset: Int, width: Int) -> UInt64 {
        guard width > 0 else { return 0 }
        let byte = bitOffset >> 3
        let shift = UInt64(bitOffset & 7)
        let mask: UInt64 = width == 64 ? .max : (1 << UInt64(width)) - 1
        if byte + 9 <= data.count {
            var value = data.loadUnaligned(fromByteOffset: byte, as: UInt64.self).littleEndian >> shift
            if Int(shift) + width > 64 { value |= UInt64(data[byte + 8]) << (64 - shift) }
            return value & mask
        }
        var value: UInt64 = 0
        var bits = 0
        var at = byte
        while bits < width + Int(shift) && at < data.count {
            let part = UInt64(data[at])
            if bits == 0 {
                value = part >> shift
                bits = 8 - Int(shift)
            } else {
                value |= part << UInt64(bits)
                bits += 8
            }
            at += 1
        }
        return value & mask
    }

    /// The first `count` values as PLAIN little-endian integers of `width` (4 or 8) bytes.
    static func plain(_ data: UnsafeRawBufferPointer, count: Int, width: Int) throws(ParquetFormatError) -> [UInt8] {
        let values = try decode(data, count: count).values
        return [UInt8](unsafeUninitializedCapacity: count * width) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            for (i, value) in values.enumerated() {
                if width == 4 {
                    raw.storeBytes(of: Int32(truncatingIfNeeded: value).littleEndian, toByteOffset: i * 4, as: Int32.self)
                } else {
                    raw.storeBytes(of: value.littleEndian, toByteOffset: i * 8, as: Int64.self)
                }
            }
            initialized = count * width
        }
    }
}
