/// Encodes one column of a row group as v1 data pages: RLE definition levels for nullable
/// columns (repetition and definition levels for nested ones), PLAIN values or, for a byte-array
/// column asked to, a dictionary page and RLE_DICTIONARY indices; each page compressed with the
/// file's codec.
struct ParquetColumnChunkEncoder {
    let codec: ParquetCodec

    /// Uncompressed value bytes a page aims for, as parquet-cpp's default page size.
    static let pageSize = 1 << 20
    /// A dictionary larger than this (PLAIN bytes) is given up for PLAIN values, as parquet-cpp's
    /// default `dictionary_pagesize_limit`.
    static let dictionaryLimit = 1 << 20

    struct Page {
        var bytes: [UInt8]
        var uncompressedSize: Int
    }

    /// A chunk's pages in order; `dictionaryPage` says whether the first is a dictionary page.
    struct Chunk {
        var pages: [Page]
        var dictionaryPage: Bool
        var encodings: [ParquetEncoding]
        var statistics: ParquetStatistics
    }

    /// The column's pages (headers included); values that do not fit the field are refused.
    /// `dictionary`: dictionary-encode a BYTE_ARRAY column if its distinct values fit the limit.
    func encode(_ column: ParquetColumn, dictionary: Bool = false) throws(ParquetFormatError) -> Chunk {
        let field = column.field
        if field.isNested != (column.levels != nil) {
            throw ParquetFormatError(
                field.isNested ? "is nested but holds no levels" : "holds levels but the column is flat", kind: .usage)
        }
        if let levels = column.levels { return try encodeNested(column, levels: levels, dictionary: dictionary) }
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
        var encodings: [ParquetEncoding] = field.isNullable ? [.plain, .rle] : [.plain]
        var indices: [UInt32]?
        if dictionary, field.physicalType == .byteArray, case .bytes(let values) = column.values,
            let (entries, rowIndices) = Self.dictionary(values, column: column)
        {
            pages.append(dictionaryPage(entries))
            indices = rowIndices
            encodings.append(.rleDictionary)
        }
        var start = 0
        let rows = column.count
        repeat {
            let end = pageEnd(column, from: start)
            pages.append(encodePage(column, start..<end, indices: indices))
            start = end
        } while start < rows
        return Chunk(pages: pages, dictionaryPage: indices != nil, encodings: encodings, statistics: .of(column))
    }

    /// A nested column's chunk: pages end at row starts, so no row is split across pages.
    private func encodeNested(
        _ column: ParquetColumn, levels: ParquetLevels, dictionary: Bool
    ) throws(ParquetFormatError) -> Chunk {
        try Self.check(levels, of: column)
        var dense = column.field
        dense.element.repetition = ParquetRepetition.required.rawValue
        let values = ParquetColumn(field: dense, values: column.values)
        var pages = [Page]()
        var encodings: [ParquetEncoding] = [.plain, .rle]
        var indices: [UInt32]?
        if dictionary, dense.physicalType == .byteArray, case .bytes(let bytes) = column.values,
            let (entries, valueIndices) = Self.dictionary(bytes, column: values)
        {
            pages.append(dictionaryPage(entries))
            indices = valueIndices
            encodings.append(.rleDictionary)
        }
        let top = levels.maxDefinitionLevel
        var pageEntries = 0
        var pageValues = 0
        var valueCount = 0
        for entry in 0...levels.entryCount {
            let atRowStart = entry == levels.entryCount || levels.repetition[entry] == 0
            if atRowStart, entry > pageEntries,
                entry == levels.entryCount || valueBytes(column.values, pageValues..<valueCount) + entry - pageEntries >= Self.pageSize
            {
                pages.append(encodeNestedPage(
                    column, levels: levels, entries: pageEntries..<entry, values: pageValues..<valueCount, indices: indices))
                pageEntries = entry
                pageValues = valueCount
            }
            if entry < levels.entryCount, levels.definition[entry] == top { valueCount += 1 }
        }
        var statistics = ParquetStatistics.of(values)
        statistics.nullCount = Int64(levels.entryCount - valueCount)
        return Chunk(pages: pages, dictionaryPage: indices != nil, encodings: encodings, statistics: statistics)
    }

    /// Levels handed in must fit the field and the values, or the file would not read back.
    private static func check(_ levels: ParquetLevels, of column: ParquetColumn) throws(ParquetFormatError) {
        let field = column.field
        func misfit(_ message: String) -> ParquetFormatError { ParquetFormatError(message, kind: .usage) }
        guard Int(levels.maxDefinitionLevel) == field.maxDefinitionLevel else {
            throw misfit("levels for a maximum definition level of \(levels.maxDefinitionLevel), the column's is \(field.maxDefinitionLevel)")
        }
        guard levels.repetition.count == levels.definition.count, levels.repetition.first ?? 0 == 0 else {
            throw misfit("repetition and definition levels do not pair up from a row start")
        }
        guard (levels.repetition.max() ?? 0) <= field.maxRepetitionLevel,
            (levels.definition.max() ?? 0) <= levels.maxDefinitionLevel
        else { throw misfit("a level is above the column's maximum") }
        guard levels.valueCount == column.values.count else {
            throw misfit("\(column.values.count) values for \(levels.valueCount) entries that hold one")
        }
        if case .bytes(let values) = column.values, let width = field.typeLength {
            for i in 0..<values.count where values.length(at: i) != width {
                throw misfit("value \(i) holds \(values.length(at: i)) bytes, the column's width is \(width)")
            }
        }
    }

    /// The PLAIN size of the values at `range`, near enough to cut pages by.
    private func valueBytes(_ values: ParquetValues, _ range: Range<Int>) -> Int {
        switch values {
        case .bytes(let v): return v.offsets[range.upperBound] - v.offsets[range.lowerBound] + range.count * 4
        case .boolean: return range.count / 8
        case .int32, .float: return range.count * 4
        case .int64, .double: return range.count * 8
        }
    }

    private func encodeNestedPage(
        _ column: ParquetColumn, levels: ParquetLevels, entries: Range<Int>, values: Range<Int>, indices: [UInt32]?
    ) -> Page {
        var body = [UInt8]()
        for (all, maximum) in [
            (levels.repetition, column.field.maxRepetitionLevel), (levels.definition, column.field.maxDefinitionLevel),
        ] where maximum > 0 {
            Self.appendLevels(
                all[entries].map(UInt32.init), bitWidth: Int.bitWidth - maximum.leadingZeroBitCount, to: &body)
        }
        return dataPage(&body, column, values: values, present: nil, indices: indices, entries: entries.count)
    }

    /// The distinct values in first-seen order and each row's index into them (0 for a null
    /// row), or nil when the distinct values outgrow `dictionaryLimit`.
    private static func dictionary(
        _ values: ParquetByteArrays, column: ParquetColumn
    ) -> (ParquetByteArrays, [UInt32])? {
        var positions = [ArraySlice<UInt8>: UInt32]()
        var entries = ParquetByteArrays()
        var size = 0
        var indices = [UInt32](repeating: 0, count: values.count)
        for row in 0..<values.count where !column.isNull(row) {
            let value = values[row]
            if let known = positions[value] {
                indices[row] = known
                continue
            }
            size += 4 + value.count
            guard size <= dictionaryLimit else { return nil }
            let index = UInt32(entries.count)
            positions[value] = index
            entries.append(value)
            indices[row] = index
        }
        return (entries, indices)
    }

    private func dictionaryPage(_ entries: ParquetByteArrays) -> Page {
        var body = [UInt8]()
        let values = ParquetValues.bytes(entries)
        appendPlain(values, fixedWidth: false, rows: 0..<entries.count, present: nil, to: &body)
        let compressed = ParquetCompression.compress(codec, body)
        let header = ParquetPageHeader.encodeDictionaryPage(
            uncompressedSize: body.count, compressedSize: compressed.count, numValues: entries.count)
        return Page(bytes: header + compressed, uncompressedSize: header.count + body.count)
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

    private func encodePage(_ column: ParquetColumn, _ rows: Range<Int>, indices: [UInt32]?) -> Page {
        var body = [UInt8]()
        var present: [Int]?
        if column.field.isNullable {
            let validity = column.validity
            Self.appendLevels(rows.map { validity?[$0] ?? true ? UInt32(1) : 0 }, bitWidth: 1, to: &body)
            if let validity, validity[rows].contains(false) { present = rows.filter { validity[$0] } }
        }
        return dataPage(&body, column, values: rows, present: present, indices: indices, entries: rows.count)
    }

    /// Appends `levels` RLE-encoded at `bitWidth`, after their length in 4 bytes (little-endian),
    /// as v1 data pages carry them.
    private static func appendLevels(_ levels: [UInt32], bitWidth: Int, to body: inout [UInt8]) {
        let encoded = RLEBitPackedHybrid.encode(levels, bitWidth: bitWidth)
        let length = UInt32(encoded.count)
        body.reserveCapacity(body.count + encoded.count + 4)
        for shift in stride(from: 0, to: 32, by: 8) { body.append(UInt8(truncatingIfNeeded: length >> UInt32(shift))) }
        body.append(contentsOf: encoded)
    }

    /// Ends a data page whose levels are in `body`: appends the values at `present` (all of
    /// `values` when nil), as dictionary indices when `indices` are given, else PLAIN, compresses
    /// the body and puts the header for `entries` level entries in front.
    private func dataPage(
        _ body: inout [UInt8], _ column: ParquetColumn, values: Range<Int>, present: [Int]?, indices: [UInt32]?,
        entries: Int
    ) -> Page {
        let encoding: ParquetEncoding
        if let indices {
            let kept = present.map { $0.map { indices[$0] } } ?? Array(indices[values])
            let width = max(1, UInt32.bitWidth - (kept.max() ?? 0).leadingZeroBitCount)
            body.append(UInt8(width))
            body.append(contentsOf: RLEBitPackedHybrid.encode(kept, bitWidth: width))
            encoding = .rleDictionary
        } else {
            appendPlain(column.values, fixedWidth: column.field.typeLength != nil, rows: values, present: present, to: &body)
            encoding = .plain
        }
        let compressed = ParquetCompression.compress(codec, body)
        let header = ParquetPageHeader.encodeDataPage(
            uncompressedSize: body.count, compressedSize: compressed.count, numValues: entries, encoding: encoding)
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
