/// Encodes one column of a row group as v1 data pages: RLE definition levels for nullable
/// columns, PLAIN values, each page compressed with the file's codec.
struct ParquetColumnChunkEncoder {
    let codec: ParquetCodec

    /// Uncompressed value bytes a page aims for, as parquet-cpp's default page size.
    static let pageSize = 1 << 20

    struct Page {
        var bytes: [UInt8]
        var uncompressedSize: Int
    }

    /// The column's pages (headers included) in order; values that do not fit the field are refused.
    func encode(_ column: ParquetColumn) throws(ParquetFormatError) -> [Page] {
        let field = column.field
        if column.validity != nil && !field.isNullable {
            throw ParquetFormatError("has nulls but the column is required", kind: .usage)
        }
        if case .bytes(let values) = column.values, let width = field.typeLength {
            for i in 0..<values.count where values.length(at: i) != width && !column.isNull(i) {
                throw ParquetFormatError("row \(i) holds \(values.length(at: i)) bytes, the column's width is \(width)",
                    kind: .usage)
            }
        }
        var pages = [Page]()
        var start = 0
        let rows = column.count
        repeat {
            let end = pageEnd(column, from: start)
            pages.append(encodePage(column, start..<end))
            start = end
        } while start < rows
        return pages
    }

    private func pageEnd(_ column: ParquetColumn, from start: Int) -> Int {
        let rows = column.count
        switch column.values {
        case .bytes(let values):
            var end = start
            let limit = values.offsets[start] + Self.pageSize
            while end < rows && (end == start || values.offsets[end] < limit) { end += 1 }
            return end
        case .boolean: return min(rows, start + Self.pageSize * 8)
        case .int32, .float: return min(rows, start + Self.pageSize / 4)
        case .int64, .double: return min(rows, start + Self.pageSize / 8)
        }
    }

    private func encodePage(_ column: ParquetColumn, _ rows: Range<Int>) -> Page {
        var body = [UInt8]()
        var present: [Int]?
        if column.field.isNullable {
            let validity = column.validity
            let levels = rows.map { validity?[$0] ?? true ? UInt32(1) : 0 }
            let encoded = RLEBitPackedHybrid.encode(levels, bitWidth: 1)
            let length = UInt32(encoded.count)
            body.reserveCapacity(encoded.count + 4)
            for shift in stride(from: 0, to: 32, by: 8) { body.append(UInt8(truncatingIfNeeded: length >> UInt32(shift))) }
            body.append(contentsOf: encoded)
            if let validity, validity[rows].contains(false) { present = rows.filter { validity[$0] } }
        }
        appendPlain(column.values, fixedWidth: column.field.typeLength != nil, rows: rows, present: present, to: &body)
        let compressed = ParquetCompression.compress(codec, body)
        let header = ParquetPageHeader.encodeDataPage(
            uncompressedSize: body.count, compressedSize: compressed.count, numValues: rows.count, encoding: .plain)
        return Page(bytes: header + compressed, uncompressedSize: header.count + body.count)
    }

    /// PLAIN-encodes the values of `present` (all of `rows` when nil).
    private func appendPlain(
        _ values: ParquetValues, fixedWidth fixed: Bool, rows: Range<Int>, present: [Int]?, to out: inout [UInt8]) {
        switch values {
        case .boolean(let v):
            var byte: UInt8 = 0
            var bit = 0
            func add(_ value: Bool) {
                if value { byte |= 1 << UInt8(bit) }
                bit += 1
                if bit == 8 {
                    out.append(byte)
                    byte = 0
                    bit = 0
                }
            }
            if let present { for i in present { add(v[i]) } } else { for i in rows { add(v[i]) } }
            if bit > 0 { out.append(byte) }
        case .int32(let v): appendFixed(v, rows: rows, present: present, to: &out)
        case .int64(let v): appendFixed(v, rows: rows, present: present, to: &out)
        case .float(let v): appendFixed(v, rows: rows, present: present, to: &out)
        case .double(let v): appendFixed(v, rows: rows, present: present, to: &out)
        case .bytes(let v):
            let total = v.offsets[rows.upperBound] - v.offsets[rows.lowerBound]
            out.reserveCapacity(out.count + total + (fixed ? 0 : rows.count * 4))
            v.data.withUnsafeBytes { data in
                func add(_ i: Int) {
                    let start = v.offsets[i]
                    let end = v.offsets[i + 1]
                    if !fixed {
                        let length = UInt32(end - start)
                        out.append(UInt8(truncatingIfNeeded: length))
                        out.append(UInt8(truncatingIfNeeded: length >> 8))
                        out.append(UInt8(truncatingIfNeeded: length >> 16))
                        out.append(UInt8(truncatingIfNeeded: length >> 24))
                    }
                    out.append(contentsOf: UnsafeRawBufferPointer(rebasing: data[start..<end]))
                }
                if let present { for i in present { add(i) } } else { for i in rows { add(i) } }
            }
        }
    }

    private func appendFixed<T: BitwiseCopyable>(_ v: [T], rows: Range<Int>, present: [Int]?, to out: inout [UInt8]) {
        let width = MemoryLayout<T>.size
        v.withUnsafeBytes { raw in
            if let present {
                out.reserveCapacity(out.count + present.count * width)
                for i in present { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[i * width..<(i + 1) * width])) }
            } else {
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[rows.lowerBound * width..<rows.upperBound * width]))
            }
        }
    }
}
