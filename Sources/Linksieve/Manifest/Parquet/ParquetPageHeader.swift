/// The Thrift header in front of every page of a column chunk: what kind of page, its sizes,
/// value count and encodings.
struct ParquetPageHeader: Sendable {
    enum PageType: Int32 { case dataPage = 0, indexPage = 1, dictionaryPage = 2, dataPageV2 = 3 }

    var type: Int32 = -1
    var uncompressedSize: Int32 = -1
    var compressedSize: Int32 = -1
    var numValues: Int32 = 0
    var encoding: Int32 = 0
    var definitionLevelEncoding: Int32 = 3
    var repetitionLevelEncoding: Int32 = 3
    /// Data page v2 only.
    var numNulls: Int32 = 0
    var numRows: Int32 = 0
    var definitionLevelsByteLength: Int32 = 0
    var repetitionLevelsByteLength: Int32 = 0
    var isCompressed = true

    static func decode(_ d: inout ThriftCompactDecoder) throws(ParquetFormatError) -> ParquetPageHeader {
        var header = ParquetPageHeader()
        var lastID: Int16 = 0
        while let (id, type) = try d.readFieldHeader(lastID: &lastID) {
            switch id {
            case 1: header.type = try d.i32(type, field: "PageHeader.type")
            case 2: header.uncompressedSize = try d.i32(type, field: "PageHeader.uncompressed_page_size")
            case 3: header.compressedSize = try d.i32(type, field: "PageHeader.compressed_page_size")
            case 5:
                try d.expect(type, .structure, field: "PageHeader.data_page_header")
                try header.decodeDataPageHeader(&d)
            case 7:
                try d.expect(type, .structure, field: "PageHeader.dictionary_page_header")
                try header.decodeDictionaryPageHeader(&d)
            case 8:
                try d.expect(type, .structure, field: "PageHeader.data_page_header_v2")
                try header.decodeDataPageHeaderV2(&d)
            default: try d.skip(type)
            }
        }
        guard header.uncompressedSize >= 0, header.compressedSize >= 0 else {
            throw ParquetFormatError("page header lacks valid sizes")
        }
        guard header.numValues >= 0, header.numNulls >= 0, header.numRows >= 0,
            header.definitionLevelsByteLength >= 0, header.repetitionLevelsByteLength >= 0
        else { throw ParquetFormatError("page header has a negative count or length") }
        return header
    }

    private mutating func decodeDataPageHeader(_ d: inout ThriftCompactDecoder) throws(ParquetFormatError) {
        var lastID: Int16 = 0
        while let (id, type) = try d.readFieldHeader(lastID: &lastID) {
            switch id {
            case 1: numValues = try d.i32(type, field: "DataPageHeader.num_values")
            case 2: encoding = try d.i32(type, field: "DataPageHeader.encoding")
            case 3: definitionLevelEncoding = try d.i32(type, field: "DataPageHeader.definition_level_encoding")
            case 4: repetitionLevelEncoding = try d.i32(type, field: "DataPageHeader.repetition_level_encoding")
            default: try d.skip(type)
            }
        }
    }

    private mutating func decodeDictionaryPageHeader(_ d: inout ThriftCompactDecoder) throws(ParquetFormatError) {
        var lastID: Int16 = 0
        while let (id, type) = try d.readFieldHeader(lastID: &lastID) {
            switch id {
            case 1: numValues = try d.i32(type, field: "DictionaryPageHeader.num_values")
            case 2: encoding = try d.i32(type, field: "DictionaryPageHeader.encoding")
            default: try d.skip(type)
            }
        }
    }

    private mutating func decodeDataPageHeaderV2(_ d: inout ThriftCompactDecoder) throws(ParquetFormatError) {
        var lastID: Int16 = 0
        while let (id, type) = try d.readFieldHeader(lastID: &lastID) {
            switch id {
            case 1: numValues = try d.i32(type, field: "DataPageHeaderV2.num_values")
            case 2: numNulls = try d.i32(type, field: "DataPageHeaderV2.num_nulls")
            case 3: numRows = try d.i32(type, field: "DataPageHeaderV2.num_rows")
            case 4: encoding = try d.i32(type, field: "DataPageHeaderV2.encoding")
            case 5: definitionLevelsByteLength = try d.i32(type, field: "DataPageHeaderV2.definition_levels_byte_length")
            case 6: repetitionLevelsByteLength = try d.i32(type, field: "DataPageHeaderV2.repetition_levels_byte_length")
            case 7: isCompressed = try d.bool(type, field: "DataPageHeaderV2.is_compressed")
            default: try d.skip(type)
            }
        }
    }

    /// A v1 data page header as `ParquetWriter` emits it: PLAIN values, RLE levels.
    static func encodeDataPage(
        uncompressedSize: Int, compressedSize: Int, numValues: Int, encoding: ParquetEncoding
    ) -> [UInt8] {
        var e = ThriftCompactEncoder()
        e.writeStruct { e in
            e.field(1, i32: PageType.dataPage.rawValue)
            e.field(2, i32: Int32(uncompressedSize))
            e.field(3, i32: Int32(compressedSize))
            e.field(5) { e in
                e.field(1, i32: Int32(numValues))
                e.field(2, i32: encoding.rawValue)
                e.field(3, i32: ParquetEncoding.rle.rawValue)
                e.field(4, i32: ParquetEncoding.rle.rawValue)
            }
        }
        return e.bytes
    }

    static func encodeDictionaryPage(uncompressedSize: Int, compressedSize: Int, numValues: Int) -> [UInt8] {
        var e = ThriftCompactEncoder()
        e.writeStruct { e in
            e.field(1, i32: PageType.dictionaryPage.rawValue)
            e.field(2, i32: Int32(uncompressedSize))
            e.field(3, i32: Int32(compressedSize))
            e.field(7) { e in
                e.field(1, i32: Int32(numValues))
                e.field(2, i32: ParquetEncoding.plain.rawValue)
            }
        }
        return e.bytes
    }
}
