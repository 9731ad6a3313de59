/// The Parquet footer (Thrift `FileMetaData`): schema, row groups and key-value metadata.
struct ParquetFileMetaData: Sendable {
    var version: Int32 = 1
    var schema: [ParquetSchemaElement] = []
    var numRows: Int64 = 0
    var rowGroups: [ParquetRowGroupMetaData] = []
    var keyValueMetadata: [(key: String, value: String?)] = []
    var createdBy: String?
    /// Written, not read: how many leaf columns get a TYPE_ORDER column order (field 7).
    var typeDefinedColumnOrders = 0
    /// Set by `encryption_algorithm`: a file with a plaintext footer whose columns may be encrypted.
    var isEncrypted = false

    static func decode(_ d: inout ThriftCompactDecoder) throws(ParquetFormatError) -> ParquetFileMetaData {
        var meta = ParquetFileMetaData()
        var seen = Set<Int16>()
        var lastID: Int16 = 0
        while let (id, type) = try d.readFieldHeader(lastID: &lastID) {
            seen.insert(id)
            switch id {
            case 1: meta.version = try d.i32(type, field: "FileMetaData.version")
            case 2:
                meta.schema = try d.list(type, field: "FileMetaData.schema", of: .structure) { d throws(ParquetFormatError) in
                    try ParquetSchemaElement.decode(&d)
                }
            case 3: meta.numRows = try d.i64(type, field: "FileMetaData.num_rows")
            case 4:
                meta.rowGroups = try d.list(type, field: "FileMetaData.row_groups", of: .structure) { d throws(ParquetFormatError) in
                    try ParquetRowGroupMetaData.decode(&d)
                }
            case 5:
                meta.keyValueMetadata = try d.list(type, field: "FileMetaData.key_value_metadata", of: .structure) {
                    d throws(ParquetFormatError) in try decodeKeyValue(&d)
                }
            case 6: meta.createdBy = try d.string(type, field: "FileMetaData.created_by")
            case 8:
                meta.isEncrypted = true
                try d.skip(type)
            default: try d.skip(type)
            }
        }
        for (id, name) in [(2, "schema"), (3, "num_rows"), (4, "row_groups")] where !seen.contains(Int16(id)) {
            throw ParquetFormatError("footer lacks the required field \(name)")
        }
        return meta
    }

    private static func decodeKeyValue(_ d: inout ThriftCompactDecoder) throws(ParquetFormatError) -> (key: String, value: String?) {
        var key: String?
        var value: String?
        var lastID: Int16 = 0
        while let (id, type) = try d.readFieldHeader(lastID: &lastID) {
            switch id {
            case 1: key = try d.string(type, field: "KeyValue.key")
            case 2: value = try d.string(type, field: "KeyValue.value")
            default: try d.skip(type)
            }
        }
        guard let key else { throw ParquetFormatError("key-value metadata entry without a key") }
        return (key, value)
    }

    func encode() -> [UInt8] {
        var e = ThriftCompactEncoder()
        e.writeStruct { e in
            e.field(1, i32: version)
            e.field(2, listOf: .structure, count: schema.count) { e in
                for element in schema { element.encode(&e) }
            }
            e.field(3, i64: numRows)
            e.field(4, listOf: .structure, count: rowGroups.count) { e in
                for group in rowGroups { group.encode(&e) }
            }
            if !keyValueMetadata.isEmpty {
                e.field(5, listOf: .structure, count: keyValueMetadata.count) { e in
                    for entry in keyValueMetadata {
                        e.writeStruct { e in
                            e.field(1, string: entry.key)
                            if let value = entry.value { e.field(2, string: value) }
                        }
                    }
                }
            }
            if let createdBy { e.field(6, string: createdBy) }
            if typeDefinedColumnOrders > 0 {
                // ColumnOrder is a union whose field 1 is the empty TypeDefinedOrder struct.
                e.field(7, listOf: .structure, count: typeDefinedColumnOrders) { e in
                    for _ in 0..<typeDefinedColumnOrders { e.writeStruct { e in e.field(1) { _ in } } }
                }
            }
        }
        return e.bytes
    }
}
