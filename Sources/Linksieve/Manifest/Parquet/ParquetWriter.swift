/// Writes a Parquet file row group by row group, with the schema, key-value metadata and
/// codec of the file it cleanses, so the output differs from the input only by the rows removed.
///
/// Pages are v1 data pages with RLE levels and PLAIN values, or dictionary-encoded
/// values for the byte-array columns named in `dictionaryColumns` (those the input dictionary-
/// encoded); every chunk carries statistics (null count, min and max).
public final class ParquetWriter {
    public let path: String
    public let schema: ParquetSchema
    private let keyValueMetadata: [(key: String, value: String?)]
    private let encoder: ParquetColumnChunkEncoder
    private let dictionaryColumns: Set<String>
    private let file: ParquetFileHandle
    private var rowGroups: [ParquetRowGroupMetaData] = []
    private var closed = false

    public init(
        path: String, schema: ParquetSchema, keyValueMetadata: [(key: String, value: String?)], codec: ParquetCodec,
        dictionaryColumns: Set<String> = []
    ) throws(ParquetError) {
        self.path = path
        self.dictionaryColumns = dictionaryColumns
        self.schema = schema
        self.keyValueMetadata = keyValueMetadata
        encoder = ParquetColumnChunkEncoder(codec: codec)
        file = try ParquetFileHandle(writingTo: path)
        try file.append(Array("PAR1".utf8))
    }

    /// Appends `group` as one row group; a group without rows is skipped.
    public func write(_ group: ParquetRowGroup) throws(ParquetError) {
        guard !closed else { throw ParquetError(.usage, file: path, "write after close") }
        guard group.columns.count == schema.fields.count else {
            throw ParquetError(.usage, file: path, "row group has \(group.columns.count) columns, the schema \(schema.fields.count)")
        }
        guard group.rowCount > 0 else { return }
        var meta = ParquetRowGroupMetaData()
        meta.numRows = Int64(group.rowCount)
        meta.fileOffset = Int64(file.written)
        for (column, field) in zip(group.columns, schema.fields) {
            func misuse(_ message: String) -> ParquetError {
                ParquetError(.usage, file: path, rowGroup: rowGroups.count, column: field.name, message)
            }
            guard column.name == field.name, column.field.physicalType == field.physicalType else {
                throw misuse("holds column \"\(column.name)\" of type \(column.field.physicalType)")
            }
            guard column.count == group.rowCount else {
                throw misuse("holds \(column.count) values for \(group.rowCount) rows")
            }
            let encoded: ParquetColumnChunkEncoder.Chunk
            do throws(ParquetFormatError) {
                let typed = column.levels.map { ParquetColumn(field: field, values: column.values, levels: $0) }
                    ?? ParquetColumn(field: field, values: column.values, validity: column.validity)
                encoded = try encoder.encode(typed, dictionary: dictionaryColumns.contains(field.name))
            } catch {
                throw misuse(error.message)
            }
            var chunk = ParquetColumnChunkMetaData()
            chunk.type = field.physicalType.rawValue
            chunk.encodings = encoded.encodings.map(\.rawValue)
            chunk.pathInSchema = field.path
            chunk.codec = encoder.codec.rawValue
            // Level entries, which a nested column has more of than rows.
            chunk.numValues = Int64(column.levels?.entryCount ?? group.rowCount)
            chunk.statistics = encoded.statistics
            chunk.fileOffset = Int64(file.written)
            chunk.dataPageOffset = chunk.fileOffset
            for (index, page) in encoded.pages.enumerated() {
                if index == 1 && encoded.dictionaryPage {
                    chunk.dictionaryPageOffset = chunk.fileOffset
                    chunk.dataPageOffset = Int64(file.written)
                }
                try file.append(page.bytes)
                chunk.totalCompressedSize += Int64(page.bytes.count)
                chunk.totalUncompressedSize += Int64(page.uncompressedSize)
            }
            meta.totalByteSize += chunk.totalUncompressedSize
            meta.totalCompressedSize = (meta.totalCompressedSize ?? 0) + chunk.totalCompressedSize
            meta.columns.append(chunk)
        }
        rowGroups.append(meta)
    }

    /// Writes the footer and closes the file; the file is valid Parquet only after this.
    public func close() throws(ParquetError) {
        guard !closed else { return }
        closed = true
        var footer = ParquetFileMetaData()
        footer.version = 2
        footer.schema = schema.elements
        footer.numRows = rowGroups.reduce(0) { $0 + $1.numRows }
        footer.rowGroups = rowGroups
        footer.keyValueMetadata = keyValueMetadata
        footer.createdBy = "linksieve"
        // Statistics follow each type's defined order; readers trust min/max only when told so.
        footer.typeDefinedColumnOrders = schema.fields.count
        let bytes = footer.encode()
        let length = UInt32(bytes.count)
        try file.append(bytes)
        try file.append([0, 8, 16, 24].map { UInt8(truncatingIfNeeded: length >> UInt32($0)) } + Array("PAR1".utf8))
        try file.close()
    }
}
