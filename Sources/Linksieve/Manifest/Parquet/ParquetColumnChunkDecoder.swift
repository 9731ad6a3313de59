/// Walks the pages of one column chunk (dictionary page, data pages v1 and v2), decompresses
/// them and hands levels and values to a `ParquetColumnBuilder`; for a leaf inside a list,
/// struct or map it also collects the repetition and definition levels.
struct ParquetColumnChunkDecoder {
    let field: ParquetField
    let codec: ParquetCodec
    let rowCount: Int

    /// Decodes `chunk` (the chunk's bytes, from its first page to its end) into a column of `rowCount` rows.
    func decode(_ chunk: [UInt8]) throws(ParquetFormatError) -> ParquetColumn {
        // Reserve from what the chunk's bytes can plausibly hold, not from the row count alone.
        let expected = min(rowCount, chunk.count * 8 + 1024)
        // A nested column's builder holds only present values, so it takes them as a required column's.
        var storage = field
        if field.isNested { storage.element.repetition = ParquetRepetition.required.rawValue }
        var builder = ParquetColumnBuilder(field: storage, expectedRows: expected)
        var levels = ParquetLevels(repetition: [], definition: [], maxDefinitionLevel: UInt8(field.maxDefinitionLevel))
        if field.isNested {
            levels.repetition.reserveCapacity(expected)
            levels.definition.reserveCapacity(expected)
        }
        var position = 0
        var page = 0
        // A nested column's last row may go on in a later page, so all its pages are read.
        while position < chunk.count && (field.isNested || builder.count < rowCount) {
            do throws(ParquetFormatError) {
                var d = ThriftCompactDecoder(bytes: chunk, start: position)
                let header = try ParquetPageHeader.decode(&d)
                position = d.position
                let size = Int(header.compressedSize)
                guard size <= chunk.count - position else {
                    throw ParquetFormatError(
                        "page of \(size) bytes runs past the column chunk end (\(chunk.count - position) bytes left)")
                }
                try chunk.withParquetBytes { (all: UnsafeRawBufferPointer) throws(ParquetFormatError) in
                    let body = UnsafeRawBufferPointer(rebasing: all[position..<position + size])
                    try decodePage(header, body, into: &builder, levels: &levels)
                }
                position += size
            } catch var error {
                error.page = error.page ?? page
                throw error
            }
            page += 1
        }
        guard field.isNested else {
            guard builder.count == rowCount else {
                throw ParquetFormatError("column chunk holds \(builder.count) values, the row group has \(rowCount) rows")
            }
            return builder.build()
        }
        let rows = levels.rowCount
        guard rows == rowCount else {
            throw ParquetFormatError("column chunk holds \(rows) rows of levels, the row group has \(rowCount) rows")
        }
        return ParquetColumn(field: field, values: builder.build().values, levels: levels)
    }

    private func decodePage(
        _ header: ParquetPageHeader, _ body: UnsafeRawBufferPointer, into builder: inout ParquetColumnBuilder,
        levels: inout ParquetLevels
    ) throws(ParquetFormatError) {
        switch ParquetPageHeader.PageType(rawValue: header.type) {
        case .dictionaryPage:
            let encoding = header.encoding
            guard encoding == ParquetEncoding.plain.rawValue || encoding == ParquetEncoding.plainDictionary.rawValue else {
                throw ParquetFormatError("dictionary page encoding \(encoding) is not PLAIN", kind: .unsupported)
            }
            let data = try ParquetCompression.decompress(codec, body, uncompressedSize: Int(header.uncompressedSize))
            try data.withParquetBytes { (raw: UnsafeRawBufferPointer) throws(ParquetFormatError) in
                try checkValueCount(Int(header.numValues), fitsIn: raw.count, what: "dictionary")
                try builder.setDictionary(raw, count: Int(header.numValues))
            }
        case .dataPage where field.isNested:
            try decodeNestedPageV1(header, body, into: &builder, levels: &levels)
        case .dataPageV2 where field.isNested:
            try decodeNestedPageV2(header, body, into: &builder, levels: &levels)
        case .dataPage:
            let count = try pageValueCount(header, builder)
            let data = try ParquetCompression.decompress(codec, body, uncompressedSize: Int(header.uncompressedSize))
            try data.withParquetBytes { (raw: UnsafeRawBufferPointer) throws(ParquetFormatError) in
                var offset = 0
                var levels: [UInt32]?
                if field.isNullable {
                    guard header.definitionLevelEncoding == ParquetEncoding.rle.rawValue else {
                        throw ParquetFormatError(
                            "definition levels encoded with \(header.definitionLevelEncoding), not RLE", kind: .unsupported)
                    }
                    guard raw.count >= 4 else { throw ParquetFormatError("definition levels cut off") }
                    let length = Int(raw.loadUnaligned(as: UInt32.self).littleEndian)
                    guard length <= raw.count - 4 else {
                        throw ParquetFormatError("definition levels of \(length) bytes run past the page end")
                    }
                    levels = try RLEBitPackedHybrid.decode(
                        UnsafeRawBufferPointer(rebasing: raw[4..<4 + length]), bitWidth: 1, count: count)
                    offset = 4 + length
                }
                try decodeValues(
                    header.encoding, UnsafeRawBufferPointer(rebasing: raw[offset...]), levels: levels, count: count,
                    into: &builder)
            }
        case .dataPageV2:
            let count = try pageValueCount(header, builder)
            guard header.repetitionLevelsByteLength == 0 else {
                throw ParquetFormatError("repetition levels of \(header.repetitionLevelsByteLength) bytes in a flat column")
            }
            let levelBytes = Int(header.definitionLevelsByteLength)
            guard levelBytes <= body.count, levelBytes <= Int(header.uncompressedSize) else {
                throw ParquetFormatError("definition levels of \(levelBytes) bytes run past the page end")
            }
            var levels: [UInt32]?
            if field.isNullable {
                levels = try RLEBitPackedHybrid.decode(
                    UnsafeRawBufferPointer(rebasing: body[0..<levelBytes]), bitWidth: 1, count: count)
            }
            let compressed = UnsafeRawBufferPointer(rebasing: body[levelBytes...])
            let valuesSize = Int(header.uncompressedSize) - levelBytes
            let data = try header.isCompressed
                ? ParquetCompression.decompress(codec, compressed, uncompressedSize: valuesSize)
                : ParquetCompression.decompress(.uncompressed, compressed, uncompressedSize: valuesSize)
            try data.withParquetBytes { (raw: UnsafeRawBufferPointer) throws(ParquetFormatError) in
                try decodeValues(header.encoding, raw, levels: levels, count: count, into: &builder)
            }
        case .indexPage:
            return
        case nil:
            throw ParquetFormatError("unknown page type \(header.type)")
        }
    }

    /// A v1 page of a nested column: length-prefixed RLE repetition levels, then definition
    /// levels (each only where its maximum is above 0), then the present values; all compressed.
    private func decodeNestedPageV1(
        _ header: ParquetPageHeader, _ body: UnsafeRawBufferPointer, into builder: inout ParquetColumnBuilder,
        levels: inout ParquetLevels
    ) throws(ParquetFormatError) {
        let count = try levelEntryCount(header)
        for (encoding, kind) in [(header.repetitionLevelEncoding, "repetition"), (header.definitionLevelEncoding, "definition")]
        where encoding != ParquetEncoding.rle.rawValue {
            throw ParquetFormatError("\(kind) levels encoded with \(ParquetEncoding.name(of: encoding)), not RLE",
                kind: .unsupported)
        }
        let data = try ParquetCompression.decompress(codec, body, uncompressedSize: Int(header.uncompressedSize))
        try data.withParquetBytes { (raw: UnsafeRawBufferPointer) throws(ParquetFormatError) in
            var offset = 0
            func prefixed(_ kind: String) throws(ParquetFormatError) -> UnsafeRawBufferPointer {
                guard raw.count - offset >= 4 else { throw ParquetFormatError("\(kind) levels cut off") }
                let length = Int(raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian)
                guard length <= raw.count - offset - 4 else {
                    throw ParquetFormatError("\(kind) levels of \(length) bytes run past the page end")
                }
                defer { offset += 4 + length }
                return UnsafeRawBufferPointer(rebasing: raw[offset + 4..<offset + 4 + length])
            }
            let repetition = field.maxRepetitionLevel > 0 ? try prefixed("repetition") : UnsafeRawBufferPointer(start: nil, count: 0)
            let definition = field.maxDefinitionLevel > 0 ? try prefixed("definition") : UnsafeRawBufferPointer(start: nil, count: 0)
            let present = try appendLevels(repetition, definition, count: count, to: &levels)
            try decodeValues(
                header.encoding, UnsafeRawBufferPointer(rebasing: raw[offset...]), levels: nil, count: present,
                into: &builder)
        }
    }

    /// A v2 page of a nested column: uncompressed RLE repetition then definition levels of the
    /// lengths the header gives, then the present values, compressed where the header says so.
    private func decodeNestedPageV2(
        _ header: ParquetPageHeader, _ body: UnsafeRawBufferPointer, into builder: inout ParquetColumnBuilder,
        levels: inout ParquetLevels
    ) throws(ParquetFormatError) {
        let count = try levelEntryCount(header)
        let repetitionBytes = Int(header.repetitionLevelsByteLength)
        let definitionBytes = Int(header.definitionLevelsByteLength)
        guard repetitionBytes <= body.count, definitionBytes <= body.count - repetitionBytes,
            repetitionBytes + definitionBytes <= Int(header.uncompressedSize)
        else {
            throw ParquetFormatError(
                "levels of \(repetitionBytes) + \(definitionBytes) bytes run past the page end (\(body.count) bytes)")
        }
        let present = try appendLevels(
            UnsafeRawBufferPointer(rebasing: body[0..<repetitionBytes]),
            UnsafeRawBufferPointer(rebasing: body[repetitionBytes..<repetitionBytes + definitionBytes]),
            count: count, to: &levels)
        let compressed = UnsafeRawBufferPointer(rebasing: body[(repetitionBytes + definitionBytes)...])
        let valuesSize = Int(header.uncompressedSize) - repetitionBytes - definitionBytes
        let data = try ParquetCompression.decompress(header.isCompressed ? codec : .uncompressed, compressed,
            uncompressedSize: valuesSize)
        try data.withParquetBytes { (raw: UnsafeRawBufferPointer) throws(ParquetFormatError) in
            try decodeValues(header.encoding, raw, levels: nil, count: present, into: &builder)
        }
    }

    /// A nested page's level entries: RLE can pack many into few bytes, so the bound is generous,
    /// but a count no page of its size could hold is taken as corrupt rather than allocated.
    private func levelEntryCount(_ header: ParquetPageHeader) throws(ParquetFormatError) -> Int {
        let count = Int(header.numValues)
        guard count <= max(1 << 20, Int(header.uncompressedSize) * 64) else {
            throw ParquetFormatError("page claims \(count) level entries in \(header.uncompressedSize) bytes")
        }
        return count
    }

    /// Decodes a page's levels (an empty buffer stands for all zeros where the maximum is 0),
    /// appends them and returns how many entries hold a value.
    private func appendLevels(
        _ repetition: UnsafeRawBufferPointer, _ definition: UnsafeRawBufferPointer, count: Int,
        to levels: inout ParquetLevels
    ) throws(ParquetFormatError) -> Int {
        let firstEntry = levels.entryCount
        try Self.appendLevels(repetition, maximum: field.maxRepetitionLevel, count: count, kind: "repetition",
            to: &levels.repetition)
        try Self.appendLevels(definition, maximum: field.maxDefinitionLevel, count: count, kind: "definition",
            to: &levels.definition)
        if firstEntry == 0, count > 0, levels.repetition[0] != 0 {
            throw ParquetFormatError("the column chunk's first repetition level is \(levels.repetition[0]), not 0")
        }
        let top = levels.maxDefinitionLevel
        return levels.definition[firstEntry...].lazy.filter { $0 == top }.count
    }

    private static func appendLevels(
        _ data: UnsafeRawBufferPointer, maximum: Int, count: Int, kind: String, to out: inout [UInt8]
    ) throws(ParquetFormatError) {
        guard maximum > 0 else { return out.append(contentsOf: repeatElement(0, count: count)) }
        let width = Int.bitWidth - maximum.leadingZeroBitCount
        let decoded = try RLEBitPackedHybrid.decode(data, bitWidth: width, count: count)
        out.reserveCapacity(out.count + count)
        for level in decoded {
            guard level <= maximum else {
                throw ParquetFormatError("\(kind) level \(level) is above the column's maximum \(maximum)")
            }
            out.append(UInt8(level))
        }
    }

    /// The page's row count, which must fit in what is left of the row group.
    private func pageValueCount(_ header: ParquetPageHeader, _ builder: ParquetColumnBuilder) throws(ParquetFormatError) -> Int {
        let count = Int(header.numValues)
        guard count <= rowCount - builder.count else {
            throw ParquetFormatError(
                "page holds \(count) values but only \(rowCount - builder.count) rows of the row group are left")
        }
        return count
    }

    /// A value takes at least one bit, so a count beyond 8 × bytes is corrupt (and would over-allocate).
    private func checkValueCount(_ count: Int, fitsIn bytes: Int, what: String) throws(ParquetFormatError) {
        guard count <= bytes * 8 else {
            throw ParquetFormatError("\(what) page claims \(count) values in \(bytes) bytes")
        }
    }

    private func decodeValues(
        _ encoding: Int32, _ data: UnsafeRawBufferPointer, levels: [UInt32]?, count: Int,
        into builder: inout ParquetColumnBuilder
    ) throws(ParquetFormatError) {
        let present = try builder.appendLevels(levels, count: count)
        switch ParquetEncoding(rawValue: encoding) {
        case .plain:
            try builder.appendPlain(data, count: count, present: levels)
        case .plainDictionary, .rleDictionary:
            guard present > 0 else { return try builder.appendDictionaryIndices([], present: levels, count: count) }
            guard data.count >= 1 else { throw ParquetFormatError("dictionary indices lack their bit width") }
            let indices = try RLEBitPackedHybrid.decode(
                UnsafeRawBufferPointer(rebasing: data[1...]), bitWidth: Int(data[0]), count: present)
            try builder.appendDictionaryIndices(indices, present: levels, count: count)
        case .rle where field.physicalType == .boolean:
            guard data.count >= 4 else { throw ParquetFormatError("RLE booleans lack their length") }
            let length = Int(data.loadUnaligned(as: UInt32.self).littleEndian)
            guard length <= data.count - 4 else { throw ParquetFormatError("RLE booleans run past the page end") }
            let bits = try RLEBitPackedHybrid.decode(
                UnsafeRawBufferPointer(rebasing: data[4..<4 + length]), bitWidth: 1, count: present)
            builder.appendBooleans(bits, present: levels, count: count)
        case .deltaBinaryPacked where field.physicalType == .int32 || field.physicalType == .int64:
            let width = field.physicalType == .int32 ? 4 : 8
            let plain = try DeltaBinaryPacked.plain(data, count: present, width: width)
            _ = try plain.withParquetBytes { (raw: UnsafeRawBufferPointer) throws(ParquetFormatError) in
                try builder.appendPlain(raw, count: count, present: levels)
            }
        case .deltaLengthByteArray where field.physicalType == .byteArray:
            try builder.appendDense(DeltaLengthByteArray.decode(data, count: present).values, present: levels, count: count)
        case .deltaByteArray where field.physicalType == .byteArray || field.physicalType == .fixedLenByteArray:
            try builder.appendDense(DeltaByteArray.decode(data, count: present), present: levels, count: count)
        case .byteStreamSplit where field.physicalType.fixedWidth != nil || field.physicalType == .fixedLenByteArray:
            let width = field.physicalType.fixedWidth ?? field.typeLength ?? 0
            let plain = try ByteStreamSplit.plain(data, count: present, width: width)
            _ = try plain.withParquetBytes { (raw: UnsafeRawBufferPointer) throws(ParquetFormatError) in
                try builder.appendPlain(raw, count: count, present: levels)
            }
        default:
            throw ParquetFormatError(
                "value encoding \(ParquetEncoding.name(of: encoding)) cannot be read for \(field.physicalType) values",
                kind: .unsupported)
        }
    }
}
