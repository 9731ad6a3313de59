import Foundation
import Testing

@testable import Linksieve

@Suite("Parquet round trip against pyarrow")
struct ParquetRoundTripTests {
    static let fixtureNames = [
        "laion-none", "laion-snappy", "laion-gzip", "laion-zstd", "laion-plain-snappy", "laion-v2-zstd",
        "laion-v2-plain-gzip", "laion-small-pages", "laion-no-nulls", "other-types", "other-types-v2",
        "laion-delta", "laion-v2-delta", "other-types-split", "laion-lz4-raw", "laion-brotli", "laion-empty",
        "polars-zstd", "polars-lz4", "duckdb", "duckdb-v2", "duckdb-lz4", "duckdb-brotli", "fastparquet",
        "fastparquet-lz4", "nested-v1", "nested-v1-plain", "nested-v2", "nested-v2-plain", "nested-polars",
        "nested-duckdb", "nested-duckdb-v2", "nested-large",
    ]

    @Test("the fixture script makes every fixture these tests name")
    func fixturesExist() throws {
        let names = try ParquetFixtures.names()
        #expect(Set(names) == Set(Self.fixtureNames))
    }

    @Test("reads every column's text as pyarrow does", arguments: ["laion-none", "laion-snappy", "laion-gzip",
        "laion-zstd", "laion-plain-snappy", "laion-v2-zstd", "laion-v2-plain-gzip", "laion-small-pages", "laion-delta",
        "laion-v2-delta", "laion-lz4-raw", "laion-brotli"])
    func readsStringsLikePyarrow(fixture: String) throws {
        let path = try ParquetFixtures.path(fixture)
        let reader = try ParquetReader(path: path)
        #expect(reader.rowCount == 2500)
        #expect(reader.rowGroupCount > 0)
        #expect(reader.schema.fields.map(\.name) == [
            "URL", "TEXT", "WIDTH", "HEIGHT", "similarity", "hash", "punsafe", "pwatermark", "watermark_checked", "md5",
        ])
        #expect(reader.keyValueMetadata.contains { $0.key == "pandas" })
        #expect(reader.keyValueMetadata.contains { $0.key == "ARROW:schema" })
        var urls = [String?]()
        var texts = [String?]()
        for index in 0..<reader.rowGroupCount {
            let group = try reader.readRowGroup(index)
            urls += group.strings(column: "URL")
            texts += group.strings(column: "TEXT")
        }
        #expect(urls == (try ParquetFixtures.strings(path, column: "URL")))
        #expect(texts == (try ParquetFixtures.strings(path, column: "TEXT")))
        #expect(texts.contains(nil))
    }

    @Test("reads what polars, DuckDB and fastparquet write as pyarrow reads it", arguments: [
        "polars-zstd", "polars-lz4", "duckdb", "duckdb-v2", "duckdb-lz4", "duckdb-brotli", "fastparquet",
        "fastparquet-lz4",
    ])
    func readsOtherWriters(fixture: String) throws {
        let path = try ParquetFixtures.path(fixture)
        let reader = try ParquetReader(path: path)
        #expect(reader.rowCount == 1200)
        for column in ["URL", "TEXT", "WIDTH", "similarity", "punsafe", "watermark_checked"] {
            var values = [String?]()
            for index in 0..<reader.rowGroupCount { values += try reader.readRowGroup(index).strings(column: column) }
            let reference = try ParquetFixtures.strings(path, column: column)
            #expect(values.count == reference.count, "\(column)")
            if column == "URL" || column == "TEXT" { #expect(values == reference, "\(column)") }
        }
    }

    @Test("decodes DELTA and BYTE_STREAM_SPLIT numbers, booleans and fixed-width bytes as pyarrow does",
        arguments: ["laion-delta", "laion-v2-delta", "other-types-split"])
    func readsDeltaAndSplitNumbers(fixture: String) throws {
        let path = try ParquetFixtures.path(fixture)
        let reader = try ParquetReader(path: path)
        let columns = reader.schema.fields.map(\.name).filter { $0 != "md5" && $0 != "price" && $0 != "blob" }
        for column in columns {
            var values = [String?]()
            for index in 0..<reader.rowGroupCount { values += try reader.readRowGroup(index).strings(column: column) }
            #expect(values == (try ParquetFixtures.numbersAsText(path, column: column)), "\(column)")
        }
    }

    @Test("a table of 0 rows reads as 0 rows and rewrites as 0 rows")
    func emptyTable() throws {
        let reader = try ParquetReader(path: ParquetFixtures.path("laion-empty"))
        #expect(reader.rowCount == 0)
        for index in 0..<reader.rowGroupCount {
            let group = try reader.readRowGroup(index)
            #expect(group.rowCount == 0)
            #expect(group.columns.count == reader.schema.fields.count)
        }
    }

    @Test("exposes the codec of the first column chunk", arguments: [
        ("laion-none", ParquetCodec.uncompressed), ("laion-snappy", .snappy), ("laion-gzip", .gzip), ("laion-zstd", .zstd),
        ("laion-lz4-raw", .lz4Raw), ("laion-brotli", .brotli), ("duckdb-lz4", .lz4Raw), ("polars-lz4", .lz4Raw),
        ("fastparquet-lz4", .lz4),
    ])
    func exposesCodec(fixture: String, codec: ParquetCodec) throws {
        #expect(try ParquetReader(path: ParquetFixtures.path(fixture)).codec == codec)
    }

    @Test("maps LAION columns to their physical types and nullability")
    func laionSchema() throws {
        let schema = try ParquetReader(path: ParquetFixtures.path("laion-snappy")).schema
        #expect(schema.rootName == "schema")
        let byName = Dictionary(uniqueKeysWithValues: schema.fields.map { ($0.name, $0) })
        #expect(byName["URL"]?.physicalType == .byteArray)
        #expect(byName["URL"]?.isString == true)
        #expect(byName["URL"]?.isNullable == false)
        #expect(byName["WIDTH"]?.isNullable == true)
        #expect(byName["HEIGHT"]?.physicalType == .int64)
        #expect(byName["similarity"]?.physicalType == .double)
        #expect(byName["punsafe"]?.physicalType == .float)
        #expect(byName["watermark_checked"]?.physicalType == .boolean)
        #expect(byName["md5"]?.physicalType == .fixedLenByteArray)
        #expect(byName["md5"]?.typeLength == 16)
    }

    @Test("rewrites each fixture minus some rows, and pyarrow finds the rest unchanged", arguments: fixtureNames)
    func rewritesWithoutDroppedRows(fixture: String) throws {
        let (input, reader, output, dropped) = try ParquetFixtures.rewrite(fixture, in: "out") { index, group, first in
            #expect(group.columns.allSatisfy { $0.count == group.rowCount })
            // Drop the whole second row group, and elsewhere row 0 and every fifth row from 2 on.
            return (0..<group.rowCount).filter { row in
                let global = first + row
                return !(index == 1 || global == 0 || global % 5 == 2)
            }
        }
        try ParquetFixtures.verify(input: input, output: output, dropped: dropped)

        let reread = try ParquetReader(path: output)
        #expect(reread.rowCount == reader.rowCount - dropped.count)
        #expect(reread.schema == reader.schema)
        // A file whose rows were all dropped has no column chunk to carry a codec.
        if reread.rowGroupCount > 0 { #expect(reread.codec == reader.codec) }
    }

    @Test("reads INT96 as 12 raw bytes and keeps decimal, date and timestamp annotations")
    func otherTypes() throws {
        let reader = try ParquetReader(path: ParquetFixtures.path("other-types"))
        let legacy = try #require(reader.schema.fields.first { $0.name == "legacy_time" })
        #expect(legacy.physicalType == .int96)
        #expect(legacy.typeLength == 12)
        let group = try reader.readRowGroup(0)
        let column = try #require(group.column(named: "legacy_time"))
        guard case .bytes(let values) = column.values else {
            Issue.record("INT96 should be read as bytes")
            return
        }
        #expect((0..<values.count).allSatisfy { values.length(at: $0) == 12 })
        let price = try #require(reader.schema.fields.first { $0.name == "price" })
        #expect(price.physicalType == .fixedLenByteArray)
        #expect(group.strings(column: "label").contains(nil))
        #expect(group.strings(column: "label").contains("ünïcødé ✓"))
        #expect(group.strings(column: "id").prefix(3) == ["0", "1", "2"])
    }

    @Test("writes a schema built in code that pyarrow reads back")
    func writesNewSchema() throws {
        let schema = ParquetSchema(fields: [
            ParquetField(name: "url", physicalType: .byteArray, repetition: .required, isString: true),
            ParquetField(name: "caption", physicalType: .byteArray, repetition: .optional, isString: true),
            ParquetField(name: "width", physicalType: .int32, repetition: .optional),
        ])
        let urls = (0..<3000).map { "https://example.com/\($0).jpg" }
        let captions: [String?] = (0..<3000).map { $0 % 3 == 0 ? nil : "caption \($0)" }
        let group = ParquetRowGroup(columns: [
            ParquetColumn(field: schema.fields[0], values: .bytes(ParquetByteArrays(urls.map { Array($0.utf8) }))),
            ParquetColumn(
                field: schema.fields[1], values: .bytes(ParquetByteArrays(captions.map { Array(($0 ?? "").utf8) })),
                validity: captions.map { $0 != nil }),
            ParquetColumn(field: schema.fields[2], values: .int32((0..<3000).map(Int32.init))),
        ], rowCount: 3000)
        for codec in [ParquetCodec.uncompressed, .snappy, .gzip, .zstd] {
            let path = ParquetFixtures.temporaryDirectory("new").appendingPathComponent("new.parquet").path
            let writer = try ParquetWriter(path: path, schema: schema, keyValueMetadata: [("k", "v")], codec: codec)
            try writer.write(group)
            try writer.write(group.filtered(keeping: [1, 2, 3]))
            try writer.close()
            #expect(try ParquetFixtures.strings(path, column: "url") == urls + ["1", "2", "3"].map { "https://example.com/\($0).jpg" })
            #expect(try ParquetFixtures.strings(path, column: "caption") == captions + [captions[1], captions[2], nil])
            let reread = try ParquetReader(path: path)
            #expect(reread.codec == codec)
            #expect(reread.keyValueMetadata.map(\.key) == ["k"])
            #expect(try reread.readRowGroup(1).strings(column: "width") == ["1", "2", "3"])
        }
    }

    @Test("refuses a row group whose columns do not match the schema")
    func refusesMismatchedGroup() throws {
        let schema = ParquetSchema(fields: [ParquetField(name: "n", physicalType: .int64, repetition: .required)])
        let path = ParquetFixtures.temporaryDirectory("bad").appendingPathComponent("bad.parquet").path
        let writer = try ParquetWriter(path: path, schema: schema, keyValueMetadata: [], codec: .snappy)
        let nulls = ParquetRowGroup(columns: [
            ParquetColumn(field: schema.fields[0], values: .int64([1, 2]), validity: [true, false]),
        ], rowCount: 2)
        let error = try #require(throws: ParquetError.self) { try writer.write(nulls) }
        #expect(error.kind == .usage)
        #expect(error.description.contains("\"n\""))
        let short = ParquetRowGroup(columns: [ParquetColumn(field: schema.fields[0], values: .int64([1]))], rowCount: 2)
        #expect(throws: ParquetError.self) { try writer.write(short) }
    }

    @Test("filtering keeps the chosen rows in order with their nulls")
    func filtering() throws {
        let field = ParquetField(name: "s", physicalType: .byteArray, repetition: .optional, isString: true)
        let column = ParquetColumn(
            field: field, values: .bytes(ParquetByteArrays(["a", "", "ccc", "dd"].map { Array($0.utf8) })),
            validity: [true, false, true, true])
        let group = ParquetRowGroup(columns: [column], rowCount: 4)
        #expect(group.filtered(keeping: [1, 3]).strings(column: "s") == [nil, "dd"])
        #expect(group.filtered(keeping: [0, 2]).strings(column: "s") == ["a", "ccc"])
        #expect(group.filtered(keeping: [0, 2]).columns[0].validity == nil)
        #expect(group.filtered(keeping: []).rowCount == 0)
        #expect(group.strings(column: "missing") == [nil, nil, nil, nil])
    }
}
