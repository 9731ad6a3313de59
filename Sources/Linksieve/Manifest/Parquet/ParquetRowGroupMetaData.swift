/// Footer entry of one row group (Thrift `RowGroup`) with its column chunks.
struct ParquetRowGroupMetaData: Sendable {
    var columns: [ParquetColumnChunkMetaData] = []
    var totalByteSize: Int64 = 0
    var numRows: Int64 = 0
    var fileOffset: Int64?
    var totalCompressedSize: Int64?

    static func decode(_ d: inout ThriftCompactDecoder) throws(ParquetFormatError) -> ParquetRowGroupMetaData {
        var group = ParquetRowGroupMetaData()
        var sawRows = false
        var lastID: Int16 = 0
        while let (id, type) = try d.readFieldHeader(lastID: &lastID) {
            switch id {
            case 1:
                group.columns = try d.list(type, field: "RowGroup.columns", of: .structure) { d throws(ParquetFormatError) in
                    try ParquetColumnChunkMetaData.decode(&d)
                }
            case 2: group.totalByteSize = try d.i64(type, field: "RowGroup.total_byte_size")
            case 3:
                group.numRows = try d.i64(type, field: "RowGroup.num_rows")
                sawRows = true
            case 5: group.fileOffset = try d.i64(type, field: "RowGroup.file_offset")
            case 6: group.totalCompressedSize = try d.i64(type, field: "RowGroup.total_compressed_size")
            default: try d.skip(type)
            }
        }
        guard sawRows else { throw ParquetFormatError("row group without num_rows") }
        return group
    }

    func encode(_ e: inout ThriftCompactEncoder) {
        e.writeStruct { e in
            e.field(1, listOf: .structure, count: columns.count) { e in
                for column in columns { column.encode(&e) }
            }
            e.field(2, i64: totalByteSize)
            e.field(3, i64: numRows)
            if let fileOffset { e.field(5, i64: fileOffset) }
            if let totalCompressedSize { e.field(6, i64: totalCompressedSize) }
        }
    }
}

/// Footer entry of one column chunk (Thrift `ColumnChunk` and its `ColumnMetaData`).
struct ParquetColumnChunkMetaData: Sendable {
    var filePath: String?
    var fileOffset: Int64 = 0
    var type: Int32 = 0
    var encodings: [Int32] = []
    var pathInSchema: [String] = []
    var codec: Int32 = 0
    var numValues: Int64 = 0
    var totalUncompressedSize: Int64 = 0
    var totalCompressedSize: Int64 = 0
    var dataPageOffset: Int64 = 0
    var dictionaryPageOffset: Int64?
    /// Written, not read: a footer read back keeps no statistics.
    var statistics: ParquetStatistics?
    /// The chunk carries crypto metadata (Parquet modular encryption): its pages cannot be read.
    var isEncrypted = false

    /// Where the chunk's first page starts: the dictionary page if there is one. pyarrow writes a
    /// data page offset of 0 for an empty chunk, which then starts at its dictionary page.
    var startOffset: Int64 {
        if let dictionaryPageOffset, dictionaryPageOffset > 0, dictionaryPageOffset < dataPageOffset || dataPageOffset == 0 {
            return dictionaryPageOffset
        }
        return dataPageOffset
    }

    static func decode(_ d: inout ThriftCompactDecoder) throws(ParquetFormatError) -> ParquetColumnChunkMetaData {
        var chunk = ParquetColumnChunkMetaData()
        var sawMeta = false
        var lastID: Int16 = 0
        while let (id, type) = try d.readFieldHeader(lastID: &lastID) {
            switch id {
            case 1: chunk.filePath = try d.string(type, field: "ColumnChunk.file_path")
            case 2: chunk.fileOffset = try d.i64(type, field: "ColumnChunk.file_offset")
            case 3:
                try d.expect(type, .structure, field: "ColumnChunk.meta_data")
                try chunk.decodeColumnMetaData(&d)
                sawMeta = true
            case 8, 9:
                chunk.isEncrypted = true
                try d.skip(type)
            default: try d.skip(type)
            }
        }
        guard sawMeta || chunk.isEncrypted else { throw ParquetFormatError("column chunk without meta_data") }
        return chunk
    }

    private mutating func decodeColumnMetaData(_ d: inout ThriftCompactDecoder) throws(ParquetFormatError) {
        var lastID: Int16 = 0
        while let (id, type) = try d.readFieldHeader(lastID: &lastID) {
            switch id {
            case 1: self.type = try d.i32(type, field: "ColumnMetaData.type")
            case 2:
                encodings = try d.list(type, field: "ColumnMetaData.encodings", of: .i32) { d throws(ParquetFormatError) in
                    try d.readI32()
                }
            case 3:
                pathInSchema = try d.list(type, field: "ColumnMetaData.path_in_schema", of: .binary) {
                    d throws(ParquetFormatError) in try d.readString()
                }
            case 4: codec = try d.i32(type, field: "ColumnMetaData.codec")
            case 5: numValues = try d.i64(type, field: "ColumnMetaData.num_values")
            case 6: totalUncompressedSize = try d.i64(type, field: "ColumnMetaData.total_uncompressed_size")
            case 7: totalCompressedSize = try d.i64(type, field: "ColumnMetaData.total_compressed_size")
            case 9: dataPageOffset = try d.i64(type, field: "ColumnMetaData.data_page_offset")
            case 11: dictionaryPageOffset = try d.i64(type, field: "ColumnMetaData.dictionary_page_offset")
            default: try d.skip(type)
            }
        }
    }

    func encode(_ e: inout ThriftCompactEncoder) {
        e.writeStruct { e in
            if let filePath { e.field(1, string: filePath) }
            e.field(2, i64: fileOffset)
            e.field(3) { e in
                e.field(1, i32: type)
                e.field(2, i32List: encodings)
                e.field(3, stringList: pathInSchema)
                e.field(4, i32: codec)
                e.field(5, i64: numValues)
                e.field(6, i64: totalUncompressedSize)
                e.field(7, i64: totalCompressedSize)
                e.field(9, i64: dataPageOffset)
                if let dictionaryPageOffset { e.field(11, i64: dictionaryPageOffset) }
                if let statistics { e.field(12) { e in statistics.encodeFields(&e) } }
            }
            // Only a footer rebuilt from a read one can carry this; ParquetWriter never encrypts.
            if isEncrypted { e.field(8) { _ in } }
        }
    }
}
