/// Parquet's DELTA_BYTE_ARRAY ("incremental") encoding of byte arrays: the length of the prefix
/// each value shares with the one before (DELTA_BINARY_PACKED), then the rest of each value
/// as DELTA_LENGTH_BYTE_ARRAY. Sorted strings such as URLs shrink well under it.
enum DeltaByteArray {
    /// The first `count` values.
    static func decode(_ data: UnsafeRawBufferPointer, count: Int) throws(ParquetFormatError) -> ParquetByteArrays {
        let (prefixes, start) = try DeltaBinaryPacked.decode(data, count: count)
        let suffixes = try DeltaLengthByteArray.decode(UnsafeRawBufferPointer(rebasing: data[start...]), count: count).values
        var values = ParquetByteArrays()
        var previous = [UInt8]()
        var current = [UInt8]()
        try suffixes.data.withParquetBytes { (suffixBytes: UnsafeRawBufferPointer) throws(ParquetFormatError) in
            for i in 0..<count {
                let prefix = prefixes[i]
                guard prefix >= 0, prefix <= Int64(previous.count) else {
                    throw ParquetFormatError(
                        "DELTA_BYTE_ARRAY value \(i) shares \(prefix) bytes with a value of \(previous.count)")
                }
                current.removeAll(keepingCapacity: true)
                current.append(contentsOf: previous[0..<Int(prefix)])
                current.append(contentsOf: suffixBytes[suffixes.offsets[i]..<suffixes.offsets[i + 1]])
                current.withUnsafeBytes { values.append($0) }
                swap(&previous, &current)
            }
        }
        return values
    }
}
