import Foundation
@testable import Linksieve
@testable import LoopbackServers

/// The demo dataset as a manifest lists it, for tests that scan the same rows as CSV and as
/// Parquet: the URL of each row on a loopback server (an ftp:// URL for the row planted as a bad
/// URL), its caption and its size.
struct DemoManifest {
    typealias Row = (url: String, caption: String, width: Int, height: Int)

    let rows: [Row]

    /// Rows of `dataset` served at `baseURL`; writes the dataset's lists into `dir`/lists.
    init(_ dataset: DemoDataset, baseURL: String, listsIn dir: TemporaryDirectory) throws {
        rows = dataset.rows.map { row in
            (url: row.plant == .badURL ? "ftp://files.example" + row.path : baseURL + row.path, caption: row.caption,
             width: row.width, height: row.height)
        }
        try FileManager.default.createDirectory(atPath: dir.file("lists"), withIntermediateDirectories: true)
        try dir.write("lists/content.csv", dataset.contentList)
        try dir.write("lists/urls.csv", try dataset.urlList(baseURL: baseURL))
    }

    /// `slice` as CSV with a header, captions quoted.
    static func csv(_ slice: ArraySlice<Row>) -> String {
        slice.reduce("url,caption,width,height\n") { text, row in
            text + "\(row.url),\"\(row.caption.replacingOccurrences(of: "\"", with: "\"\""))\",\(row.width),\(row.height)\n"
        }
    }

    /// Writes `slice` as snappy Parquet to `path`, `rowsPerGroup` rows to a row group.
    static func writeParquet(
        _ slice: ArraySlice<Row>, to path: String, rowsPerGroup: Int, dictionaryColumns: Set<String> = []
    ) throws {
        let fields = [
            ParquetField(name: "url", physicalType: .byteArray, repetition: .required, isString: true),
            ParquetField(name: "caption", physicalType: .byteArray, repetition: .optional, isString: true),
            ParquetField(name: "width", physicalType: .int64, repetition: .required),
            ParquetField(name: "height", physicalType: .int64, repetition: .required),
        ]
        let writer = try ParquetWriter(
            path: path, schema: ParquetSchema(fields: fields), keyValueMetadata: [(key: "origin", value: "linksieve test")],
            codec: .snappy, dictionaryColumns: dictionaryColumns)
        for start in stride(from: slice.startIndex, to: slice.endIndex, by: rowsPerGroup) {
            let group = slice[start..<min(start + rowsPerGroup, slice.endIndex)]
            try writer.write(ParquetRowGroup(columns: [
                ParquetColumn(field: fields[0], values: .bytes(ParquetByteArrays(group.map { Array($0.url.utf8) }))),
                ParquetColumn(field: fields[1], values: .bytes(ParquetByteArrays(group.map { Array($0.caption.utf8) }))),
                ParquetColumn(field: fields[2], values: .int64(group.map { Int64($0.width) })),
                ParquetColumn(field: fields[3], values: .int64(group.map { Int64($0.height) })),
            ], rowCount: group.count))
        }
        try writer.close()
    }
}
