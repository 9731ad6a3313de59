/// Parquet's BYTE_STREAM_SPLIT encoding of fixed-width values: byte k of every value, then
/// byte k + 1 of every value, and so on (it makes floats compress better).
enum ByteStreamSplit {
    /// The first `count` values of `width` bytes as PLAIN (each value's bytes together). The
    /// streams' stride is the number of values the data holds, as Arrow's reader takes it.
    static func plain(_ data: UnsafeRawBufferPointer, count: Int, width: Int) throws(ParquetFormatError) -> [UInt8] {
        guard width > 0 else { throw ParquetFormatError("BYTE_STREAM_SPLIT of values of \(width) bytes") }
        let stride = data.count / width
        guard stride >= count, data.count % width == 0 else {
            throw ParquetFormatError(
                "BYTE_STREAM_SPLIT data of \(data.count) bytes does not hold \(count) values of \(width) bytes")
        }
        return [UInt8](unsafeUninitializedCapacity: count * width) { buffer, initialized in
            for k in 0..<width {
                let stream = k * stride
                for i in 0..<count { buffer[i * width + k] = data[stream + i] }
            }
            initialized = count * width
        }
    }
}
