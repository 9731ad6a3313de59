import Foundation
import Testing
@testable import Linksieve

/// A value with a NUL byte is kept whole in the state and the JSON outputs, not cut at the NUL
/// (SQLite text bound or read as a C string would stop there).
@Suite("Values with NUL bytes")
struct NULByteScanTests {
    static let nulURL = "ftp://files.example/a\u{0}b.jpg"

    private func manifest(_ format: String, in dir: TemporaryDirectory) throws -> String {
        let urls = ["https://listed.example/one.jpg", Self.nulURL]
        if format == "csv" {
            try dir.write("m.csv", "url,caption\n" + urls.map { "\($0),caption" }.joined(separator: "\n") + "\n")
            return dir.file("m.csv")
        }
        let field = ParquetField(name: "url", physicalType: .byteArray, repetition: .required, isString: true)
        let writer = try ParquetWriter(
            path: dir.file("m.parquet"), schema: ParquetSchema(fields: [field]), keyValueMetadata: [], codec: .zstd)
        try writer.write(ParquetRowGroup(
            columns: [ParquetColumn(field: field, values: .bytes(ParquetByteArrays(urls.map { Array($0.utf8) })))],
            rowCount: urls.count))
        try writer.close()
        return dir.file("m.parquet")
    }

    @Test("a URL with a NUL byte is reported whole", arguments: ["csv", "parquet"])
    func reportedWhole(format: String) throws {
        let dir = try TemporaryDirectory("nul-bytes")
        try FileManager.default.createDirectory(atPath: dir.file("lists"), withIntermediateDirectories: true)
        try dir.write("lists/urls.csv", "algorithm,value,label\nurl,https://listed.example/one.jpg,listed\n")
        let options = ScanOptions(
            manifestPath: try manifest(format, in: dir), listPaths: [dir.file("lists")], outputDirectory: dir.file("out"))
        let report = try Scan(options: options).run()
        #expect(report.rejected == 1)
        let rejected = try String(contentsOfFile: dir.file("out/rejected.jsonl"), encoding: .utf8)
        #expect(rejected.contains(#"ftp://files.example/a\u0000b.jpg"#), "\(rejected)")
        let parsed = try #require(
            try JSONSerialization.jsonObject(with: Data(rejected.split(separator: "\n")[0].utf8)) as? [String: Any])
        #expect(parsed["url"] as? String == Self.nulURL)
    }
}
