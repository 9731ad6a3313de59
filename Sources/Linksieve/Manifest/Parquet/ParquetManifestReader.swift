/// Reads a Parquet manifest one row group at a time and yields its rows as `ManifestRecord`s,
/// so the pipeline treats it like any other manifest. The record's `raw` is empty: a Parquet row
/// is written back from its row group (see `currentGroup`), not from bytes.
public final class ParquetManifestReader: ManifestRecordSource {
    public let path: String
    public let format = ManifestFormat.parquet
    public let file: ParquetReader
    public let urlColumn: String

    /// Decode every column of each row group (for writing groups back), not just the URL column.
    /// Off for a pass that only needs the URLs; a cleansed-Parquet writer turns it on.
    public var loadsWholeGroups = false
    /// The row group the last returned record came from, and the manifest row its first row is.
    public private(set) var currentGroup: ParquetRowGroup?
    public private(set) var currentGroupStart = 0
    private var groupIndex = -1
    private var urls: [String?] = []
    private var offset = 0

    public init(path: String, urlColumn: String? = nil) throws {
        self.path = path
        file = try ParquetReader(path: path)
        let names = file.schema.columnNames
        func nested(_ column: String) -> ParquetError {
            ParquetError(.usage, file: path, column: column,
                "the URL column is nested (in a list, struct or map); URLs must be in a flat column of strings")
        }
        if let urlColumn, !names.contains(urlColumn), file.schema.isNested(urlColumn) { throw nested(urlColumn) }
        guard let index = ManifestReader.urlColumnIndex(in: names, given: urlColumn) else {
            throw ManifestError.noURLColumn(path: path, columns: names)
        }
        guard !file.schema.isNested(names[index]) else { throw nested(names[index]) }
        self.urlColumn = names[index]
    }

    public func next() throws -> ManifestRecord? {
        while offset >= (currentGroup?.rowCount ?? 0) {
            guard groupIndex + 1 < file.rowGroupCount else { return nil }
            groupIndex += 1
            currentGroupStart += currentGroup?.rowCount ?? 0
            let group = try file.readRowGroup(groupIndex, columns: loadsWholeGroups ? nil : [urlColumn])
            currentGroup = group
            urls = group.strings(column: urlColumn)
            offset = 0
        }
        let url: Result<String, ManifestRowProblem>
        if let value = urls[offset], !value.isEmpty {
            url = .success(value)
        } else {
            url = .failure(ManifestRowProblem(reason: "missing-url", message: "the \(urlColumn) column is empty"))
        }
        let record = ManifestRecord(index: currentGroupStart + offset, line: 0, raw: [], url: url)
        offset += 1
        return record
    }
}
