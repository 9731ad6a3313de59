import Testing

@testable import Linksieve

@Suite("Thrift compact protocol")
struct ThriftCompactTests {
    @Test("decodes what the encoder writes, skipping fields it does not know")
    func skipsUnknownFields() throws {
        var e = ThriftCompactEncoder()
        e.writeStruct { e in
            e.field(1, i32: -7)
            e.field(2, string: "caption")
            // Unknown to the reader: a nested struct with a list, a bool, a far field id and an i64.
            e.field(3) { e in
                e.field(1, stringList: ["a", "b"])
                e.field(2, bool: true)
                e.field(40, i64: Int64.min)
            }
            e.field(30, i64: 1 << 40)
            e.field(31, bool: false)
        }
        var d = ThriftCompactDecoder(bytes: e.bytes)
        var seen: [Int16: String] = [:]
        var lastID: Int16 = 0
        while let (id, type) = try d.readFieldHeader(lastID: &lastID) {
            switch id {
            case 1: seen[id] = String(try d.i32(type, field: "a"))
            case 2: seen[id] = try d.string(type, field: "b")
            case 30: seen[id] = String(try d.i64(type, field: "c"))
            case 31: seen[id] = String(try d.bool(type, field: "d"))
            default: try d.skip(type)
            }
        }
        #expect(seen == [1: "-7", 2: "caption", 30: String(1 << 40), 31: "false"])
        #expect(d.remaining == 0)
    }

    @Test("a footer survives encode and decode")
    func footerRoundTrip() throws {
        var meta = ParquetFileMetaData()
        meta.version = 2
        var root = ParquetSchemaElement(name: "schema")
        root.numChildren = 1
        meta.schema = [root, ParquetField(name: "URL", physicalType: .byteArray, repetition: .required, isString: true).element]
        meta.numRows = 12
        var group = ParquetRowGroupMetaData()
        group.numRows = 12
        var chunk = ParquetColumnChunkMetaData()
        chunk.type = 6
        chunk.encodings = [0, 3]
        chunk.pathInSchema = ["URL"]
        chunk.codec = 1
        chunk.dataPageOffset = 4
        chunk.totalCompressedSize = 99
        group.columns = [chunk]
        meta.rowGroups = [group]
        meta.keyValueMetadata = [("pandas", "{\"x\": 1}"), ("empty", nil)]
        var d = ThriftCompactDecoder(bytes: meta.encode())
        let decoded = try ParquetFileMetaData.decode(&d)
        #expect(decoded.schema == meta.schema)
        #expect(decoded.numRows == 12)
        #expect(decoded.rowGroups.first?.columns.first?.pathInSchema == ["URL"])
        #expect(decoded.rowGroups.first?.columns.first?.totalCompressedSize == 99)
        #expect(decoded.keyValueMetadata.map(\.key) == ["pandas", "empty"])
        #expect(decoded.keyValueMetadata.map(\.value) == ["{\"x\": 1}", nil])
    }

    @Test("a list longer than the bytes left is refused before allocating")
    func hugeList() {
        // Field 2, type list; header 0xfc: count follows as a varint, elements are structs.
        let bytes: [UInt8] = [0x29, 0xfc, 0xff, 0xff, 0xff, 0xff, 0x0f]
        var d = ThriftCompactDecoder(bytes: bytes)
        #expect(throws: ParquetFormatError.self) { try ParquetFileMetaData.decode(&d) }
    }

    @Test("truncated metadata and runaway nesting are errors")
    func truncatedAndDeep() {
        var truncated = ThriftCompactDecoder(bytes: [0x15])
        #expect(throws: ParquetFormatError.self) { try ParquetFileMetaData.decode(&truncated) }
        var deep = ThriftCompactDecoder(bytes: Array(repeating: 0x1c, count: 500))
        #expect(throws: ParquetFormatError.self) { try deep.skip(.structure) }
        var binary = ThriftCompactDecoder(bytes: [0x80, 0x80, 0x04, 0x41])
        #expect(throws: ParquetFormatError.self) { try binary.readBinary() }
    }
}
