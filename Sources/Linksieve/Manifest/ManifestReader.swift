/// Streams a manifest (CSV, TSV or JSON lines, plain or gzip) one record at a time, so memory does not
/// grow with the file. Each record keeps its exact bytes and carries its URL or the reason it has none.
/// Parquet manifests are read by `ParquetManifestReader`; `ManifestInput.open` picks the right one.
public final class ManifestReader: ManifestRecordSource {
    /// Column names tried in order, case-insensitively, when no URL column is given.
    static let urlColumnNames = ["url", "image_url", "link"]

    public let path: String
    public let format: ManifestFormat
    public let isGzipped: Bool
    /// The header record's exact bytes, line terminator included; nil for JSON lines.
    public let header: [UInt8]?
    /// The header's column names; for JSON lines, the keys of the first object.
    public let columns: [String]

    private let records: TextRecordReader
    /// CSV and TSV: the URL field's position; every row must have `columns.count` fields.
    private let urlField: Int
    /// JSON lines: the URL key; nil until an object has shown which one the file uses.
    private var jsonURLKey: String?
    private var pending: TextRecordReader.RawRecord?
    private var nextIndex = 0

    public init(path: String, urlColumn: String? = nil) throws(ManifestError) {
        self.path = path
        (format, isGzipped) = try ManifestFormat.detect(path: path)
        guard format != .parquet else { throw .unknownFormat(path: path) }
        let input = try ZlibFileInput(path: path)
        records = TextRecordReader(input: input, syntax: format == .csv ? .csv : format == .tsv ? .tsv : .lines)

        var first = try records.next()
        while let record = first, Self.isBlank(record, format: format) { first = try records.next() }

        switch format {
        case .csv, .tsv:
            guard let headerRecord = first else { throw .missingHeader(path: path) }
            if let problem = headerRecord.problem {
                throw .readFailed(path: path, line: headerRecord.line, reason: "malformed header: \(problem)")
            }
            var names = [String]()
            for field in headerRecord.fields {
                guard let name = headerRecord.text(of: field) else {
                    throw .readFailed(path: path, line: headerRecord.line, reason: "the header is not valid UTF-8")
                }
                names.append(name)
            }
            guard let index = Self.urlColumnIndex(in: names, given: urlColumn) else {
                throw .noURLColumn(path: path, columns: names)
            }
            header = headerRecord.bytes
            columns = names
            urlField = index
        case .jsonl, .parquet:  // .parquet was refused above
            header = nil
            urlField = 0
            pending = first
            jsonURLKey = urlColumn
            // The first object names the columns and fixes the URL key; a broken first line leaves that to the next.
            if let first, let object = try? JSONObjectLine(first.bytes[first.contentStart..<first.contentEnd]) {
                columns = object.members.map(\.key)
                guard let index = Self.urlColumnIndex(in: columns, given: urlColumn) else {
                    throw .noURLColumn(path: path, columns: columns)
                }
                jsonURLKey = columns[index]
            } else {
                columns = []
            }
        }
    }

    /// The next data row, or nil at the end. Problem rows are returned too, with the problem as their URL.
    public func next() throws(ManifestError) -> ManifestRecord? {
        var candidate: TextRecordReader.RawRecord?
        if let pending {
            candidate = pending
            self.pending = nil
        } else {
            candidate = try records.next()
        }
        while let record = candidate, Self.isBlank(record, format: format) { candidate = try records.next() }
        guard let record = candidate else { return nil }

        let url = format == .jsonl ? jsonURL(of: record) : delimitedURL(of: record)
        defer { nextIndex += 1 }
        return ManifestRecord(index: nextIndex, line: record.line, raw: record.bytes, url: url)
    }

    private func delimitedURL(of record: TextRecordReader.RawRecord) -> Result<String, ManifestRowProblem> {
        if let problem = record.problem { return .failure(.malformedRow(problem)) }
        guard record.fields.count == columns.count else {
            return .failure(.malformedRow("expected \(columns.count) fields, found \(record.fields.count)"))
        }
        guard let url = record.text(of: record.fields[urlField]) else {
            return .failure(.malformedRow("the \(columns[urlField]) field is not valid UTF-8"))
        }
        guard !url.isEmpty else { return .failure(.missingURL("the \(columns[urlField]) field is empty")) }
        return .success(url)
    }

    private func jsonURL(of record: TextRecordReader.RawRecord) -> Result<String, ManifestRowProblem> {
        let object: JSONObjectLine
        do {
            object = try JSONObjectLine(record.bytes[record.contentStart..<record.contentEnd])
        } catch {
            return .failure(.malformedRow(error.message))
        }
        if jsonURLKey == nil,
           let index = Self.urlColumnIndex(in: object.members.map(\.key), given: nil) {
            jsonURLKey = object.members[index].key
        }
        guard let key = jsonURLKey, let value = object.value(forKey: key) else {
            let expected = jsonURLKey.map { "\"\($0)\"" } ?? Self.urlColumnNames.joined(separator: ", ")
            return .failure(.missingURL("the object has no \(expected) key"))
        }
        // JSON parsers disagree on which of two equal keys wins, so such a row has no one URL.
        guard object.members.lazy.filter({ $0.key == key }).count == 1 else {
            return .failure(.malformedRow("the object has the \"\(key)\" key more than once"))
        }
        switch value {
        case .string(let url) where !url.isEmpty:
            return .success(url)
        case .string:
            return .failure(.missingURL("\"\(key)\" is empty"))
        case .null:
            return .failure(.missingURL("\"\(key)\" is null"))
        case .other(let kind):
            return .failure(.malformedRow("\"\(key)\" is \(kind), not a string"))
        }
    }

    /// Blank lines are skipped; in JSON lines, a line of only whitespace is blank too.
    private static func isBlank(_ record: TextRecordReader.RawRecord, format: ManifestFormat) -> Bool {
        guard format == .jsonl else { return record.isBlank }
        return record.bytes[record.contentStart..<record.contentEnd].allSatisfy(ASCIIText.isSpace)
    }

    /// The given column by exact name, else case-insensitively; without one, the first known URL column name.
    static func urlColumnIndex(in names: [String], given: String?) -> Int? {
        let trimmed = names.map { ASCIIText.trimmed($0).lowercased() }
        if let given {
            return names.firstIndex(of: given) ?? trimmed.firstIndex(of: given.lowercased())
        }
        for candidate in urlColumnNames {
            if let index = trimmed.firstIndex(of: candidate) { return index }
        }
        return nil
    }
}
