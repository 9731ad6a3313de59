import Foundation
import Testing

@testable import Linksieve

/// What the reader refuses, and that it refuses on opening: a scan opens the manifest before its
/// first fetch, so a file it cannot read to the end must fail there, naming the column.
@Suite("Parquet refusals come on opening, with the column named")
struct ParquetRefusalTests {
    /// `fixture` with its footer rewritten by `change`: the pages stay where they were.
    private func patched(_ fixture: String, _ change: (inout ParquetFileMetaData) -> Void) throws -> String {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: ParquetFixtures.path(fixture))))
        let footerLength = Int(bytes[bytes.count - 8]) | Int(bytes[bytes.count - 7]) << 8
            | Int(bytes[bytes.count - 6]) << 16 | Int(bytes[bytes.count - 5]) << 24
        let footerStart = bytes.count - 8 - footerLength
        var decoder = ThriftCompactDecoder(bytes: Array(bytes[footerStart..<bytes.count - 8]))
        var metadata = try ParquetFileMetaData.decode(&decoder)
        change(&metadata)
        let footer = metadata.encode()
        let length = UInt32(footer.count)
        let out = Array(bytes[..<footerStart]) + footer
            + [UInt8(length & 0xff), UInt8(length >> 8 & 0xff), UInt8(length >> 16 & 0xff), UInt8(length >> 24)]
            + Array("PAR1".utf8)
        let path = ParquetFixtures.temporaryDirectory("patched").appendingPathComponent("\(fixture).parquet").path
        try Data(out).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func columnIndex(_ name: String, in fixture: String) throws -> Int {
        try #require(try ParquetReader(path: ParquetFixtures.path(fixture)).schema.index(of: name))
    }

    @Test("the patched footer alone still reads, so the refusals below are the change's doing")
    func unchangedFooterReads() throws {
        let reader = try ParquetReader(path: patched("laion-snappy") { _ in })
        #expect(reader.rowCount == 2500)
        #expect(try reader.readRowGroup(2).strings(column: "URL").count == 500)
    }

    @Test("a codec of a column other than the URL's, in the last row group, is refused on opening")
    func codecOfAnotherColumn() throws {
        let text = try columnIndex("TEXT", in: "laion-snappy")
        let path = try patched("laion-snappy") { metadata in
            metadata.rowGroups[metadata.rowGroups.count - 1].columns[text].codec = 3
        }
        let error = try #require(throws: ParquetError.self) { try ParquetManifestReader(path: path) }
        #expect(error.kind == .unsupported)
        #expect(error.description.contains("LZO"))
        #expect(error.description.contains("column \"TEXT\""))
        #expect(error.description.contains("row group 2"))
    }

    @Test("an encoding the reader does not know, or one that does not fit the column's type, is refused on opening")
    func unknownEncoding() throws {
        let width = try columnIndex("WIDTH", in: "laion-snappy")
        let unknown = try patched("laion-snappy") { metadata in metadata.rowGroups[1].columns[width].encodings.append(42) }
        let error = try #require(throws: ParquetError.self) { try ParquetReader(path: unknown) }
        #expect(error.kind == .unsupported)
        #expect(error.description.contains("encoding 42"))
        #expect(error.description.contains("column \"WIDTH\""))

        let url = try columnIndex("URL", in: "laion-snappy")
        let misfit = try patched("laion-snappy") { metadata in
            metadata.rowGroups[0].columns[url].encodings.append(ParquetEncoding.deltaBinaryPacked.rawValue)
        }
        let second = try #require(throws: ParquetError.self) { try ParquetReader(path: misfit) }
        #expect(second.description.contains("DELTA_BINARY_PACKED"))
        #expect(second.description.contains("column \"URL\""))
    }

    @Test("an encrypted column of a plaintext footer is refused on opening, naming the column")
    func encryptedColumn() throws {
        let hash = try columnIndex("hash", in: "laion-snappy")
        let path = try patched("laion-snappy") { metadata in metadata.rowGroups[0].columns[hash].isEncrypted = true }
        let error = try #require(throws: ParquetError.self) { try ParquetReader(path: path) }
        #expect(error.kind == .unsupported)
        #expect(error.description.contains("encrypted"))
        #expect(error.description.contains("column \"hash\""))
    }

    @Test("a file with an encrypted footer (magic PARE) is reported as encrypted")
    func encryptedFooter() throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: ParquetFixtures.path("laion-none"))))
        bytes.replaceSubrange(0..<4, with: Array("PARE".utf8))
        bytes.replaceSubrange(bytes.count - 4..<bytes.count, with: Array("PARE".utf8))
        let path = ParquetFixtures.temporaryDirectory("pare").appendingPathComponent("pare.parquet").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: ParquetError.self) { try ParquetReader(path: path) }
        #expect(error.kind == .unsupported)
        #expect(error.description.contains("encrypted"))
        #expect(!error.description.contains("does not start"))
    }

    @Test("a codec of a leaf inside a list of lists, in the last row group, is refused on opening, naming the leaf")
    func codecOfNestedColumn() throws {
        let grid = try columnIndex("grid.list.element.list.element", in: "nested-v1")
        let path = try patched("nested-v1") { metadata in
            metadata.rowGroups[metadata.rowGroups.count - 1].columns[grid].codec = 3
        }
        let error = try #require(throws: ParquetError.self) { try ParquetManifestReader(path: path) }
        #expect(error.kind == .unsupported)
        #expect(error.description.contains("LZO"))
        #expect(error.description.contains("column \"grid.list.element.list.element\""))
    }
}
