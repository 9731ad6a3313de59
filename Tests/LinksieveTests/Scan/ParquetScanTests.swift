import Foundation
import Testing
@testable import Linksieve
@testable import LoopbackServers

/// A Parquet manifest goes through the same pipeline as a CSV one and comes out as Parquet.
@Suite("Scan of Parquet manifests")
struct ParquetScanTests {
    /// The same rows as CSV and as Parquet (three row groups, snappy), over a loopback server.
    final class Fixture {
        let server: DemoServer
        let dir: TemporaryDirectory
        let rows: [DemoManifest.Row]
        var dataset: DemoDataset { server.dataset }

        init() throws {
            server = try DemoServer(dataset: DemoDataset.make(count: 60))
            dir = try TemporaryDirectory("parquet-scan")
            rows = try DemoManifest(server.dataset, baseURL: server.baseURL, listsIn: dir).rows
            try dir.write("m.csv", DemoManifest.csv(rows[...]))
            try DemoManifest.writeParquet(rows[...], to: dir.file("m.parquet"), rowsPerGroup: 20)
        }

        func scan(_ manifest: String) throws -> ScanOptions {
            var options = ScanOptions(
                manifestPath: dir.file(manifest), listPaths: [dir.file("lists")], outputDirectory: dir.file("out-" + manifest))
            options.fetch.allowPrivateAddresses = true
            options.fetch.perHost = 64
            _ = try Scan(options: options).run()
            return options
        }
    }

    @Test("a Parquet manifest is quarantined exactly as the same rows in CSV")
    func sameQuarantineAsCSV() throws {
        let fixture = try Fixture()
        let csv = try fixture.scan("m.csv")
        let parquet = try fixture.scan("m.parquet")
        let fromCSV = try String(contentsOfFile: csv.outputDirectory + "/quarantine.jsonl", encoding: .utf8)
        let fromParquet = try String(contentsOfFile: parquet.outputDirectory + "/quarantine.jsonl", encoding: .utf8)
        #expect(!fromCSV.isEmpty)
        #expect(fromParquet == fromCSV)
    }

    @Test("the cleansed Parquet keeps the schema, metadata, codec and the kept rows in order")
    func cleansedParquet() throws {
        let fixture = try Fixture()
        let options = try fixture.scan("m.parquet")
        let input = try ParquetReader(path: fixture.dir.file("m.parquet"))
        let output = try ParquetReader(path: options.outputDirectory + "/cleansed.parquet")
        #expect(output.schema == input.schema)
        #expect(output.codec == .snappy)
        #expect(output.keyValueMetadata.map(\.key) == ["origin"])
        let kept = fixture.dataset.rows.enumerated().filter { $0.element.plant.expectedVerdict == .kept }.map { fixture.rows[$0.offset] }
        var urls: [String?] = []
        var widths: [Int64] = []
        for index in 0..<output.rowGroupCount {
            let group = try output.readRowGroup(index)
            urls += group.strings(column: "url")
            if case .int64(let values)? = group.column(named: "width")?.values { widths += values }
        }
        #expect(urls == kept.map(\.url))
        #expect(widths == kept.map { Int64($0.width) })
    }

    @Test("the pass that only needs URLs decodes only the URL column; the writer gets whole row groups")
    func urlColumnOnly() throws {
        let fixture = try Fixture()
        let reader = try ParquetManifestReader(path: fixture.dir.file("m.parquet"))
        _ = try reader.next()
        #expect(reader.currentGroup?.columns.map(\.name) == ["url"])
        let whole = try ParquetManifestReader(path: fixture.dir.file("m.parquet"))
        whole.loadsWholeGroups = true
        _ = try whole.next()
        #expect(whole.currentGroup?.columns.map(\.name) == ["url", "caption", "width", "height"])
    }

    @Test("a manifest with lists, structs and maps is cleansed, and the rest reads equal in pyarrow, polars and DuckDB")
    func nestedColumnsCarriedThrough() throws {
        let fixture = try Fixture()
        try fixture.dir.write("urls.txt", fixture.rows.map(\.url).joined(separator: "\n") + "\n")
        _ = try ParquetFixtures.run(["nested-manifest", fixture.dir.file("nested.parquet"), fixture.dir.file("urls.txt")])
        let options = try fixture.scan("nested.parquet")
        let removed = fixture.dataset.rows.enumerated().filter { $0.element.plant.expectedVerdict != .kept }.map(\.offset)
        #expect(!removed.isEmpty)
        try ParquetFixtures.verify(
            input: fixture.dir.file("nested.parquet"), output: options.outputDirectory + "/cleansed.parquet", dropped: removed)
    }
}
