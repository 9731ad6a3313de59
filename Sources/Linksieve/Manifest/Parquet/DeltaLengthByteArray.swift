/// Parquet's DELTA_LENGTH_BYTE_ARRAY encoding of byte arrays: every value's length as one
/// DELTA_BINARY_PACKED stream, then all the values' bytes back to back.
enum DeltaLengthByteArray {
    /// The first `count` values, and the bytes read from `data`.
    static func decode(
        _ data: UnsafeRawBufferPointer, count: Int
    ) throws(ParquetFormatError) -> (values: ParquetByteArrays, consumed: Int) {
        let (lengths, start) = try DeltaBinaryPacked.decode(data, count: count)
        var total = 0
        for length in lengths {
            guard length >= 0, length <= Int64(data.count - start - total) else {
                throw ParquetFormatError("DELTA_LENGTH_BYTE_ARRAY value of \(length) bytes runs past the data end")
            }
            total += Int(length)
        }
        var values = ParquetByteArrays()
        values.reserve(values: count, bytes: total)
        var at = start
        for length in lengths {
            values.append(UnsafeRawBufferPointer(rebasing: data[at..<at + Int(length)]))
            at += Int(length)
        }
        return (values, at)
    }
}
