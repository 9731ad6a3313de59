import Foundation
import Testing

@testable import Linksieve

/// Lists, structs and maps (and each inside another) are carried through: their levels and values
/// are read, the rows kept, and the result reads in pyarrow, polars and DuckDB as the input minus
/// the removed rows.
@Suite("Parquet nested columns")
struct ParquetNestedTests {
    static let fixtures = [
        "nested-v1", "nested-v1-plain", "nested-v2", "nested-v2-plain", "nested-polars", "nested-duckdb",
        "nested-duckdb-v2",
    ]

    @Test("reads every leaf of a nested file, the URL column as pyarrow does", arguments: fixtures)
    func readsNestedFile(fixture: String) throws {
        let path = try ParquetFixtures.path(fixture)
        let reader = try ParquetReader(path: path)
        #expect(reader.schema.columnNames == ["URL", "tags", "box", "attrs", "grid", "parts", "ids", "caption"])
        let grid = try #require(reader.schema.fields.first { $0.path.first == "grid" })
        #expect(grid.maxRepetitionLevel == 2)
        #expect(grid.maxDefinitionLevel == 5)
        var urls = [String?]()
        for index in 0..<reader.rowGroupCount {
            let group = try reader.readRowGroup(index)
            urls += group.strings(column: "URL")
            for column in group.columns where column.field.isNested {
                let levels = try #require(column.levels, "\(column.name)")
                #expect(levels.rowCount == group.rowCount, "\(column.name)")
                #expect(levels.valueCount == column.values.count, "\(column.name)")
            }
            // Nulls at every level: a null list, an empty list and a null item all occur in `tags`.
            let tags = try #require(group.column(named: "tags.list.element")?.levels)
            #expect(Set(tags.definition) == [0, 1, 2, 3])
        }
        #expect(urls == (try ParquetFixtures.strings(path, column: "URL")))
    }

    @Test("rows removed at row-group and page edges leave the rest equal in pyarrow, polars and DuckDB",
        arguments: fixtures)
    func removesRowsAtEdges(fixture: String) throws {
        let (input, reader, output, dropped) = try ParquetFixtures.rewrite(fixture, in: "nested") { _, group, _ in
            // pyarrow ends pages only between write batches (of 32, 50 or 64 rows here), so rows on
            // both sides of every such boundary go, as do each group's first and last rows.
            (0..<group.rowCount).filter { row -> Bool in
                let edge = row == 0 || row == group.rowCount - 1 || [0, 31].contains(row % 32) || [0, 49].contains(row % 50)
                return !edge
            }
        }
        try ParquetFixtures.verify(input: input, output: output, dropped: dropped)
        let reread = try ParquetReader(path: output)
        #expect(reread.rowCount == reader.rowCount - dropped.count)
        #expect(reread.schema == reader.schema)
    }

    /// The data pages of `column`'s chunk in the first row group of `path`.
    private func dataPageCount(_ path: String, column: String) throws -> Int {
        let reader = try ParquetReader(path: path)
        let file = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let chunk = reader.metadata.rowGroups[0].columns[try #require(reader.schema.index(of: column))]
        let bytes = Array(file[Int(chunk.startOffset)..<Int(chunk.startOffset + chunk.totalCompressedSize)])
        var position = 0
        var dataPages = 0
        while position < bytes.count {
            var decoder = ThriftCompactDecoder(bytes: bytes, start: position)
            let header = try ParquetPageHeader.decode(&decoder)
            position = decoder.position + Int(header.compressedSize)
            if header.type == 0 || header.type == 3 { dataPages += 1 }
        }
        return dataPages
    }

    @Test("pyarrow's fixtures hold several data pages per nested column chunk, so the edges above are page edges",
        arguments: ["nested-v1", "nested-v1-plain", "nested-v2", "nested-v2-plain"])
    func severalPagesPerChunk(fixture: String) throws {
        for column in ["tags.list.element", "grid.list.element.list.element", "parts.list.element.name"] {
            #expect(try dataPageCount(ParquetFixtures.path(fixture), column: column) >= 3, "\(column)")
        }
    }

    @Test("a nested chunk over the page size is written as several pages, cut between rows, that the reference tools read")
    func writesSeveralPages() throws {
        let (input, reader, output, dropped) = try ParquetFixtures.rewrite("nested-large", in: "large") { _, group, _ in
            (0..<group.rowCount).filter { ![0, 1, 999, 1000, group.rowCount - 1].contains($0) }
        }
        #expect(reader.rowGroupCount == 1)
        #expect(dropped.count == 5)
        #expect(try dataPageCount(output, column: "captions.list.element") >= 2)
        try ParquetFixtures.verify(input: input, output: output, dropped: dropped)
    }

    @Test("keeping rows keeps each row's level entries and values, however many entries a row has")
    func levelsOfKeptRows() {
        // Rows of a list<int>: [1, 2], null, [], [null, 3, 4], [5]: definition 3 = value, 2 = null item,
        // 1 = empty list, 0 = null list.
        let levels = ParquetLevels(
            repetition: [0, 1, 0, 0, 0, 1, 1, 0], definition: [3, 3, 0, 1, 2, 3, 3, 3], maxDefinitionLevel: 3)
        let field = ParquetField(
            element: ParquetSchemaElement(name: "element"), path: ["xs", "list", "element"], maxDefinitionLevel: 3,
            maxRepetitionLevel: 1)
        let column = ParquetColumn(field: field, values: .int32([1, 2, 3, 4, 5]), levels: levels)
        #expect(column.count == 5)
        let kept = column.filtered(keeping: [0, 3])
        #expect(kept.count == 2)
        #expect(kept.levels?.repetition == [0, 1, 0, 1, 1])
        #expect(kept.levels?.definition == [3, 3, 2, 3, 3])
        #expect(kept.values == .int32([1, 2, 3, 4]))
        let middle = column.filtered(keeping: [1, 2, 4])
        #expect(middle.levels?.definition == [0, 1, 3])
        #expect(middle.values == .int32([5]))
        #expect(column.filtered(keeping: []).count == 0)
    }

    @Test("the writer refuses levels that do not fit the column or its values, naming the column")
    func refusesMisfitLevels() throws {
        var element = ParquetSchemaElement(name: "element")
        element.type = ParquetPhysicalType.int32.rawValue
        element.repetition = ParquetRepetition.optional.rawValue
        var list = ParquetSchemaElement(name: "list")
        list.repetition = ParquetRepetition.repeated.rawValue
        list.numChildren = 1
        var xs = ParquetSchemaElement(name: "xs")
        xs.repetition = ParquetRepetition.optional.rawValue
        xs.numChildren = 1
        var root = ParquetSchemaElement(name: "schema")
        root.numChildren = 1
        let schema = try ParquetSchema.parse(from: [root, xs, list, element])
        let field = schema.fields[0]
        #expect(field.name == "xs.list.element")
        let good = ParquetLevels(repetition: [0, 1, 0], definition: [3, 3, 0], maxDefinitionLevel: 3)
        let path = ParquetFixtures.temporaryDirectory("misfit").appendingPathComponent("misfit.parquet").path
        let writer = try ParquetWriter(path: path, schema: schema, keyValueMetadata: [], codec: .uncompressed)
        try writer.write(ParquetRowGroup(columns: [ParquetColumn(field: field, values: .int32([1, 2]), levels: good)], rowCount: 2))
        let tooFewValues = ParquetColumn(field: field, values: .int32([1]), levels: good)
        let aboveMaximum = ParquetColumn(
            field: field, values: .int32([1, 2]),
            levels: ParquetLevels(repetition: [0, 2, 0], definition: [3, 3, 0], maxDefinitionLevel: 3))
        let flat = ParquetColumn(field: field, values: .int32([1, 2]))
        for column in [tooFewValues, aboveMaximum, flat] {
            let error = try #require(throws: ParquetError.self) {
                try writer.write(ParquetRowGroup(columns: [column], rowCount: column.count))
            }
            #expect(error.kind == .usage)
            #expect(error.description.contains("column \"xs.list.element\""))
        }
        try writer.close()
        let reread = try ParquetReader(path: path)
        let column = try #require(try reread.readRowGroup(0).columns.first)
        #expect(column.levels == good)
        #expect(column.values == .int32([1, 2]))
    }

    @Test("a URL column that is a list is refused, naming it")
    func urlColumnIsList() throws {
        let path = try ParquetFixtures.directory().appendingPathComponent("nested-url-list.parquet").path
        let error = try #require(throws: ParquetError.self) { try ParquetManifestReader(path: path) }
        #expect(error.kind == .usage)
        #expect(error.description.contains("column \"url\""))
        #expect(error.description.contains("nested"))
    }

    @Test("a URL inside a struct is refused, naming it, whether the struct or its field is given",
        arguments: ["image", "image.url"])
    func urlInsideStruct(column: String) throws {
        let path = try ParquetFixtures.directory().appendingPathComponent("nested-url-struct.parquet").path
        let error = try #require(throws: ParquetError.self) { try ParquetManifestReader(path: path, urlColumn: column) }
        #expect(error.kind == .usage)
        #expect(error.description.contains("column \"\(column)\""))
        #expect(error.description.contains(path))
    }

    @Test("a level above the column's maximum in a nested page is an error, not a wrong value")
    func levelAboveMaximum() throws {
        // A v1 page of a list of required ints (max repetition 1, definition 2) whose definition level says 3.
        var element = ParquetSchemaElement(name: "element")
        element.type = ParquetPhysicalType.int32.rawValue
        let field = ParquetField(
            element: element, path: ["xs", "list", "element"], maxDefinitionLevel: 2, maxRepetitionLevel: 1)
        var body = [UInt8]()
        for (levels, width) in [([UInt32(0)], 1), ([3], 2)] {
            let encoded = RLEBitPackedHybrid.encode(levels, bitWidth: width)
            body += [UInt8(encoded.count), 0, 0, 0] + encoded
        }
        let header = ParquetPageHeader.encodeDataPage(
            uncompressedSize: body.count, compressedSize: body.count, numValues: 1, encoding: .plain)
        let decoder = ParquetColumnChunkDecoder(field: field, codec: .uncompressed, rowCount: 1)
        let error = try #require(throws: ParquetFormatError.self) { try decoder.decode(header + body) }
        #expect(error.message.contains("definition level 3 is above the column's maximum 2"))
    }
}
