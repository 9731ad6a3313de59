/// Parquet's RLE / bit-packed hybrid encoding, used for definition levels, dictionary indices
/// and RLE booleans: a sequence of runs, each either one repeated value or groups of 8
/// bit-packed values (LSB first).
enum RLEBitPackedHybrid {
    /// Decodes exactly `count` values of `bitWidth` bits; running out of data is an error.
    static func decode(
        _ data: UnsafeRawBufferPointer, bitWidth: Int, count: Int
    ) throws(ParquetFormatError) -> [UInt32] {
        guard bitWidth >= 0, bitWidth <= 32 else { throw ParquetFormatError("RLE bit width \(bitWidth) is out of range") }
        var out = [UInt32](repeating: 0, count: count)
        var filled = 0
        var position = 0
        let end = data.count
        let mask: UInt64 = bitWidth == 32 ? 0xffff_ffff : (1 << UInt64(bitWidth)) - 1
        let valueBytes = (bitWidth + 7) / 8
        try out.withUnsafeMutableBufferPointer { (out: inout UnsafeMutableBufferPointer<UInt32>) throws(ParquetFormatError) in
            while filled < count {
                var header: UInt64 = 0
                var shift: UInt64 = 0
                while true {
                    guard position < end else { throw ParquetFormatError("RLE data ends after \(filled) of \(count) values") }
                    let byte = data[position]
                    position += 1
                    header |= UInt64(byte & 0x7f) << shift
                    if byte & 0x80 == 0 { break }
                    shift += 7
                    guard shift < 64 else { throw ParquetFormatError("RLE run header is not a valid varint") }
                }
                if header & 1 == 0 {
                    let run = header >> 1
                    guard run > 0 else { throw ParquetFormatError("RLE run of length 0") }
                    guard end - position >= valueBytes else { throw ParquetFormatError("RLE run value cut off") }
                    var value: UInt64 = 0
                    for i in 0..<valueBytes { value |= UInt64(data[position + i]) << (8 * UInt64(i)) }
                    position += valueBytes
                    guard value <= mask else { throw ParquetFormatError("RLE run value \(value) wider than \(bitWidth) bits") }
                    let take = Int(min(run, UInt64(count - filled)))
                    if value != 0 {
                        let v = UInt32(truncatingIfNeeded: value)
                        for i in filled..<filled + take { out[i] = v }
                    }
                    filled += take
                } else {
                    let groups = header >> 1
                    guard groups > 0 else { throw ParquetFormatError("bit-packed run of 0 groups (a run must hold values)") }
                    guard groups <= UInt64(end) else {
                        throw ParquetFormatError(
                            "bit-packed run of \(groups) groups of 8 values is longer than the \(end) bytes of level or index data")
                    }
                    let values = Int(groups) * 8
                    let take = min(values, count - filled)
                    // The last run may be cut short after the values the page needs.
                    let needed = (take * bitWidth + 7) / 8
                    guard end - position >= needed else { throw ParquetFormatError("bit-packed run cut off") }
                    var accumulator: UInt64 = 0
                    var bits = 0
                    var p = position
                    for i in filled..<filled + take {
                        while bits < bitWidth {
                            accumulator |= UInt64(data[p]) << UInt64(bits)
                            p += 1
                            bits += 8
                        }
                        out[i] = UInt32(truncatingIfNeeded: accumulator & mask)
                        accumulator >>= UInt64(bitWidth)
                        bits -= bitWidth
                    }
                    position = min(end, position + Int(groups) * bitWidth)
                    filled += take
                }
            }
        }
        return out
    }

    /// Encodes `values` of `bitWidth` bits: long runs as RLE runs, the rest bit-packed.
    static func encode(_ values: [UInt32], bitWidth: Int) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(values.count / 8 * max(bitWidth, 1) + 16)
        let valueBytes = (bitWidth + 7) / 8
        var packedStart = 0
        var i = 0
        let n = values.count

        func varint(_ value: Int) {
            var v = UInt64(value)
            while v >= 0x80 {
                out.append(UInt8(v & 0x7f) | 0x80)
                v >>= 7
            }
            out.append(UInt8(v))
        }
        func flushPacked(upTo stop: Int) {
            guard stop > packedStart else { return }
            let count = stop - packedStart
            let groups = (count + 7) / 8
            varint(groups << 1 | 1)
            var accumulator: UInt64 = 0
            var bits = 0
            for j in 0..<groups * 8 {
                let index = packedStart + j
                let value = index < stop ? UInt64(values[index]) : 0
                accumulator |= value << UInt64(bits)
                bits += bitWidth
                while bits >= 8 {
                    out.append(UInt8(truncatingIfNeeded: accumulator))
                    accumulator >>= 8
                    bits -= 8
                }
            }
            if bits > 0 { out.append(UInt8(truncatingIfNeeded: accumulator)) }
            packedStart = stop
        }

        while i < n {
            var run = 1
            while i + run < n && values[i + run] == values[i] { run += 1 }
            // Bit-packed runs must hold whole groups of 8, so a run starts only on a group boundary.
            let pending = i - packedStart
            let pad = (8 - pending % 8) % 8
            if run >= 8 + pad {
                i += pad
                flushPacked(upTo: i)
                let length = run - pad
                varint(length << 1)
                let value = values[i]
                for b in 0..<valueBytes { out.append(UInt8(truncatingIfNeeded: value >> UInt32(8 * b))) }
                i += length
                packedStart = i
            } else {
                i += run
            }
        }
        flushPacked(upTo: n)
        return out
    }
}
