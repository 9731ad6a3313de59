internal import CBrotli
internal import CLZ4
internal import CSnappy
internal import CZlib
internal import CZstd

/// Page (de)compression over libsnappy, zlib, libzstd, liblz4 and libbrotli. Output buffers are sized from the
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
        // An empty page (a v2 page of nulls only, say) holds no compressed stream at all.
        if uncompressedSize == 0 && input.isEmpty { return [] }
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
        case .lz4Raw:
            return try lz4BlockDecompress(input, uncompressedSize)
        case .lz4:
            return try lz4HadoopDecompress(input, uncompressedSize)
        case .brotli:
            return try brotliDecompress(input, uncompressedSize)
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
            while true {
                status = inflate(&stream, Z_FINISH)
                // RFC 1952 allows several members back to back; each inflates after the one before.
                guard status == Z_STREAM_END, stream.avail_in > 0, inflateReset(&stream) == Z_OK else { break }
            }
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

    private static func lz4BlockDecompress(_ input: UnsafeRawBufferPointer, _ size: Int) throws(ParquetFormatError) -> [UInt8] {
        guard let decoded = lz4Block(input, size) else {
            throw ParquetFormatError("LZ4 block is corrupt or does not inflate to the \(size) bytes the page header says")
        }
        return decoded
    }

    /// One raw LZ4 block inflated to exactly `size` bytes, or nil.
    private static func lz4Block(_ input: UnsafeRawBufferPointer, _ size: Int) -> [UInt8]? {
        guard input.count <= Int(Int32.max), let source = input.baseAddress else { return nil }
        var ok = false
        let out = [UInt8](unsafeUninitializedCapacity: max(size, 1)) { buffer, count in
            let written = LZ4_decompress_safe(
                source.assumingMemoryBound(to: CChar.self),
                UnsafeMutableRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self),
                Int32(input.count), Int32(size))
            ok = Int(written) == size
            count = ok ? size : 0
        }
        return ok ? out : nil
    }

    /// The LZ4 codec as Hadoop frames it: blocks of [uncompressed size, compressed size (both
    /// big-endian u32), LZ4 block]. Some writers put a bare block instead, which is tried when
    /// the framing does not add up (as Arrow's reader does).
    private static func lz4HadoopDecompress(_ input: UnsafeRawBufferPointer, _ size: Int) throws(ParquetFormatError) -> [UInt8] {
        func bigEndian(_ at: Int) -> Int {
            Int(input[at]) << 24 | Int(input[at + 1]) << 16 | Int(input[at + 2]) << 8 | Int(input[at + 3])
        }
        var out = [UInt8]()
        var at = 0
        var framed = true
        while at < input.count {
            guard input.count - at >= 8 else { framed = false; break }
            let blockSize = bigEndian(at), compressedSize = bigEndian(at + 4)
            guard compressedSize <= input.count - at - 8, blockSize <= size - out.count,
                let block = lz4Block(UnsafeRawBufferPointer(rebasing: input[at + 8..<at + 8 + compressedSize]), blockSize)
            else { framed = false; break }
            if out.isEmpty { out.reserveCapacity(size) }
            out += block
            at += 8 + compressedSize
        }
        if framed && out.count == size { return out }
        return try lz4BlockDecompress(input, size)
    }

    private static func brotliDecompress(_ input: UnsafeRawBufferPointer, _ size: Int) throws(ParquetFormatError) -> [UInt8] {
        var ok = false
        let out = [UInt8](unsafeUninitializedCapacity: max(size, 1)) { buffer, count in
            var length = size
            ok = BrotliDecoderDecompress(
                input.count, input.baseAddress?.assumingMemoryBound(to: UInt8.self), &length, buffer.baseAddress)
                == BROTLI_DECODER_RESULT_SUCCESS && length == size
            count = ok ? size : 0
        }
        guard ok else {
            throw ParquetFormatError("brotli data is corrupt or does not inflate to the \(size) bytes the page header says")
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
        case .lz4Raw:
            return lz4BlockCompress(input)
        case .lz4:
            return lz4HadoopCompress(input)
        case .brotli:
            return brotliCompress(input)
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

    private static func lz4BlockCompress(_ input: [UInt8]) -> [UInt8] {
        precondition(input.count <= LZ4_MAX_INPUT_SIZE, "a page beyond LZ4's input limit")
        let bound = Int(LZ4_compressBound(Int32(input.count)))
        return input.withUnsafeBytes { source in
            [UInt8](unsafeUninitializedCapacity: max(bound, 1)) { buffer, count in
                // LZ4 needs a real pointer even for no input.
                let from = source.baseAddress ?? UnsafeRawPointer(buffer.baseAddress!)
                let written = LZ4_compress_default(
                    from.assumingMemoryBound(to: CChar.self),
                    UnsafeMutableRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self),
                    Int32(input.count), Int32(bound))
                precondition(written > 0 || input.isEmpty, "LZ4_compress_default failed with an adequate buffer")
                count = Int(written)
            }
        }
    }

    /// One Hadoop-framed LZ4 block, as Arrow writes the LZ4 codec.
    private static func lz4HadoopCompress(_ input: [UInt8]) -> [UInt8] {
        let block = lz4BlockCompress(input)
        var out = [UInt8]()
        out.reserveCapacity(block.count + 8)
        for value in [UInt32(input.count), UInt32(block.count)] {
            out += [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
        }
        return out + block
    }

    /// Brotli at quality 8, Arrow's default level for Parquet.
    private static func brotliCompress(_ input: [UInt8]) -> [UInt8] {
        // The bound is 0 for no input, though the encoder still writes a byte.
        let bound = max(BrotliEncoderMaxCompressedSize(input.count), 16)
        return input.withUnsafeBytes { source in
            [UInt8](unsafeUninitializedCapacity: max(bound, 1)) { buffer, count in
                var length = bound
                let ok = BrotliEncoderCompress(
                    8, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, input.count,
                    source.baseAddress?.assumingMemoryBound(to: UInt8.self), &length, buffer.baseAddress)
                precondition(ok == BROTLI_TRUE, "BrotliEncoderCompress failed with an adequate buffer")
                count = length
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
