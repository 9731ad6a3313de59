internal import CSnappy
internal import CZlib
internal import CZstd

/// Page (de)compression over libsnappy, zlib and libzstd. Output buffers are sized from the
/// page header, which the caller has bounded, and a stream that does not inflate to exactly
/// that size is reported as corrupt.
enum ParquetCompression {
    /// Largest uncompressed page accepted: Parquet sizes are i32, and no writer makes pages near this.
    static let maxPageSize = 1 << 30

    static func decompress(
        _ codec: ParquetCodec, _ input: UnsafeRawBufferPointer, uncompressedSize: Int
    ) throws(ParquetFormatError) -> [UInt8] {
        guard uncompressedSize >= 0, uncompressedSize <= maxPageSize else {
            throw ParquetFormatError("page claims \(uncompressedSize) uncompressed bytes")
        }
        switch codec {
        case .uncompressed:
            guard input.count == uncompressedSize else {
                throw ParquetFormatError("uncompressed page is \(input.count) bytes but its header says \(uncompressedSize)")
            }
            return Array(input)
        case .snappy:
            return try snappyDecompress(input, uncompressedSize)
        case .gzip:
            return try gzipDecompress(input, uncompressedSize)
        case .zstd:
            return try zstdDecompress(input, uncompressedSize)
        }
    }

    private static func snappyDecompress(_ input: UnsafeRawBufferPointer, _ size: Int) throws(ParquetFormatError) -> [UInt8] {
        guard let base = input.baseAddress?.assumingMemoryBound(to: CChar.self) else {
            throw ParquetFormatError("empty snappy page")
        }
        var declared = 0
        guard snappy_uncompressed_length(base, input.count, &declared) == SNAPPY_OK, declared == size else {
            throw ParquetFormatError("snappy data does not declare the \(size) bytes the page header says")
        }
        var ok = true
        let out = [UInt8](unsafeUninitializedCapacity: max(size, 1)) { buffer, count in
            var length = size
            ok = snappy_uncompress(base, input.count, UnsafeMutableRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self), &length) == SNAPPY_OK
                && length == size
            count = ok ? size : 0
        }
        guard ok else { throw ParquetFormatError("snappy data is corrupt") }
        return out
    }

    private static func gzipDecompress(_ input: UnsafeRawBufferPointer, _ size: Int) throws(ParquetFormatError) -> [UInt8] {
        var stream = z_stream()
        // 15 window bits + 32: accept both gzip and zlib headers.
        guard inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ParquetFormatError("zlib could not start inflating")
        }
        defer { inflateEnd(&stream) }
        var status: Int32 = Z_OK
        var produced = 0
        let out = [UInt8](unsafeUninitializedCapacity: max(size, 1)) { buffer, count in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(input.count)
            stream.next_out = buffer.baseAddress
            stream.avail_out = uInt(size)
            status = inflate(&stream, Z_FINISH)
            produced = size - Int(stream.avail_out)
            count = produced
        }
        guard status == Z_STREAM_END, produced == size else {
            throw ParquetFormatError("gzip data is corrupt or does not inflate to the \(size) bytes the page header says")
        }
        return out
    }

    private static func zstdDecompress(_ input: UnsafeRawBufferPointer, _ size: Int) throws(ParquetFormatError) -> [UInt8] {
        var result = 0
        let out = [UInt8](unsafeUninitializedCapacity: max(size, 1)) { buffer, count in
            result = ZSTD_decompress(buffer.baseAddress, size, input.baseAddress, input.count)
            count = ZSTD_isError(result) != 0 ? 0 : result
        }
        guard ZSTD_isError(result) == 0 else {
            throw ParquetFormatError("zstd data is corrupt: \(String(cString: ZSTD_getErrorName(result)))")
        }
        guard result == size else {
            throw ParquetFormatError("zstd data inflates to \(result) bytes, the page header says \(size)")
        }
        return out
    }

    static func compress(_ codec: ParquetCodec, _ input: [UInt8]) -> [UInt8] {
        switch codec {
        case .uncompressed:
            return input
        case .snappy:
            // Snappy's encoding of nothing is the varint 0; the C API wants a real pointer.
            if input.isEmpty { return [0] }
            let bound = snappy_max_compressed_length(input.count)
            return input.withUnsafeBytes { source in
                [UInt8](unsafeUninitializedCapacity: max(bound, 1)) { buffer, count in
                    var length = bound
                    let status = snappy_compress(
                        source.baseAddress!.assumingMemoryBound(to: CChar.self), input.count,
                        UnsafeMutableRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self), &length)
                    precondition(status == SNAPPY_OK, "snappy_compress failed with an adequate buffer")
                    count = length
                }
            }
        case .gzip:
            return gzipCompress(input)
        case .zstd:
            let bound = ZSTD_compressBound(input.count)
            return input.withUnsafeBytes { source in
                [UInt8](unsafeUninitializedCapacity: max(bound, 1)) { buffer, count in
                    let written = ZSTD_compress(buffer.baseAddress, bound, source.baseAddress, input.count, 1)
                    precondition(ZSTD_isError(written) == 0, "ZSTD_compress failed with an adequate buffer")
                    count = written
                }
            }
        }
    }

    private static func gzipCompress(_ input: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        // 15 window bits + 16: a gzip wrapper, as Parquet's GZIP codec specifies.
        let initStatus = deflateInit2_(
            &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
            zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        precondition(initStatus == Z_OK, "zlib could not start deflating")
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(input.count)))
        return input.withUnsafeBytes { source in
            [UInt8](unsafeUninitializedCapacity: max(bound, 1)) { buffer, count in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress?.assumingMemoryBound(to: Bytef.self))
                stream.avail_in = uInt(input.count)
                stream.next_out = buffer.baseAddress
                stream.avail_out = uInt(bound)
                let status = deflate(&stream, Z_FINISH)
                precondition(status == Z_STREAM_END, "deflate did not finish within deflateBound")
                count = bound - Int(stream.avail_out)
            }
        }
    }
}
