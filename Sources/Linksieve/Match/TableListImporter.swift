/// Reads the layouts with a header line: the native format (`algorithm,value,label[,category,…]`) and
/// partner tables whose header names the hash column(s) (`md5`, `sha1`, …, or `hash`) with optional
/// `label` and `category` columns. CSV quoting follows RFC 4180; TSV has none.
enum TableListImporter {
    /// The column layout the header gave.
    private enum Layout {
        case native(algorithm: Int, value: Int, label: Int, category: Int?, count: Int)
        /// Hash columns with their algorithm (nil: a `hash` column of a list that names no algorithm).
        case table(hashes: [(column: Int, algorithm: HashAlgorithm?)], label: Int?, category: Int?, count: Int)

        var count: Int {
            switch self {
            case .native(_, _, _, _, let count), .table(_, _, _, let count): return count
            }
        }
    }

    static func importTable(
        path: String, syntax: TextRecordReader.Syntax, settings: ListSettings, into builder: inout HashListBuilder
    ) throws(HashListError) -> HashListFormat {
        let records: TextRecordReader
        do {
            records = TextRecordReader(input: try ZlibFileInput(path: path), syntax: syntax, commentPrefix: UInt8(ascii: "#"))
        } catch {
            throw HashListError(error, path: path)
        }
        var layout: Layout?
        var lastLabel: (label: String, category: String?, index: UInt32)?
        /// The unquoted bytes `lastLabel` was made from (nil where a field was quoted or absent).
        var lastLabelBytes: (label: [UInt8]?, category: [UInt8]?)?
        let defaultLabel = builder.label(settings.label, category: settings.category)
        while true {
            let next: TextRecordReader.RawRecord?
            do {
                next = try records.next()
            } catch {
                throw HashListError(error, path: path)
            }
            guard let record = next else { break }
            if record.isComment || record.isBlank { continue }
            let line = record.line
            if let problem = record.problem {
                throw layout == nil
                    ? .badHeader(path: path, line: line, message: problem)
                    : .badEntry(path: path, line: line, message: problem)
            }
            guard let current = layout else {
                layout = try header(record, path: path, settings: settings)
                continue
            }
            guard record.fields.count == current.count else {
                throw .badEntry(path: path, line: line, message: "expected \(current.count) fields, found \(record.fields.count)")
            }
            func text(_ column: Int) throws(HashListError) -> String {
                guard let text = record.text(of: record.fields[column]) else {
                    throw .badEntry(path: path, line: line, message: "the line is not valid UTF-8")
                }
                return ASCIIText.trimmed(text)
            }
            func labelIndex(_ labelColumn: Int?, _ categoryColumn: Int?) throws(HashListError) -> UInt32 {
                guard labelColumn != nil || categoryColumn != nil else { return defaultLabel }
                // Most lines repeat the previous line's label: compare bytes before making any String.
                let labelBytes = labelColumn.flatMap { plainBytes(record, $0) }
                let categoryBytes = categoryColumn.flatMap { plainBytes(record, $0) }
                if let last = lastLabelBytes, let lastLabel,
                   labelColumn == nil || Self.same(labelBytes, last.label),
                   categoryColumn == nil || Self.same(categoryBytes, last.category) {
                    return lastLabel.index
                }
                let label = try labelColumn.map { (column) throws(HashListError) in try text(column) } ?? settings.label
                let category = try categoryColumn.map { (column) throws(HashListError) in try text(column) }
                    .flatMap { $0.isEmpty ? nil : $0 } ?? (categoryColumn == nil ? settings.category : nil)
                if let last = lastLabel, last.label == label, last.category == category { return last.index }
                let index = builder.label(label, category: category)
                lastLabel = (label, category, index)
                lastLabelBytes = (labelBytes.map(Array.init), categoryBytes.map(Array.init))
                return index
            }
            switch current {
            case .native(let algorithmColumn, let valueColumn, let labelColumn, let categoryColumn, _):
                let algorithm: HashAlgorithm
                if let bytes = plainBytes(record, algorithmColumn), let known = Self.algorithm(named: bytes) {
                    algorithm = known
                } else if let known = HashAlgorithm(rawValue: try text(algorithmColumn).lowercased()) {
                    algorithm = known
                } else {
                    let name = try text(algorithmColumn).lowercased()
                    let known = HashAlgorithm.allCases.map(\.rawValue).joined(separator: ", ")
                    throw .badEntry(path: path, line: line, message: "unknown algorithm \"\(name)\" (known: \(known))")
                }
                let label = try labelIndex(labelColumn, categoryColumn)
                try add(algorithm, record, column: valueColumn, label: label, to: &builder, path: path)
            case .table(let hashes, let labelColumn, let categoryColumn, _):
                let label = try labelIndex(labelColumn, categoryColumn)
                var found = false
                for (column, named) in hashes {
                    let span = record.fields[column]
                    let isEmpty = record.bytes[span.start..<span.end].allSatisfy(ASCIIText.isSpace)
                    if isEmpty { continue }
                    found = true
                    let algorithm: HashAlgorithm
                    if let named {
                        algorithm = named
                    } else {
                        let value = Array(try text(column).utf8)
                        algorithm = try LineListImporter.inferAlgorithm(value, path: path, line: line)
                    }
                    try add(algorithm, record, column: column, label: label, to: &builder, path: path)
                }
                guard found else { throw .badEntry(path: path, line: line, message: "the line has no hash value") }
            }
        }
        switch layout {
        case nil:
            throw .badHeader(path: path, line: 1, message: "the list has no header line")
        case .native:
            return .native
        case .table:
            return syntax == .tsv ? .tsvTable : .csvTable
        }
    }

    /// A field's bytes without surrounding spaces, when it needs no unquoting; nil for a quoted field.
    private static func plainBytes(_ record: TextRecordReader.RawRecord, _ column: Int) -> ArraySlice<UInt8>? {
        let span = record.fields[column]
        guard !span.isQuoted else { return nil }
        var start = span.start, end = span.end
        while start < end, ASCIIText.isSpace(record.bytes[start]) { start += 1 }
        while end > start, ASCIIText.isSpace(record.bytes[end - 1]) { end -= 1 }
        return record.bytes[start..<end]
    }

    /// Whether both are known (unquoted) and hold the same bytes.
    private static func same(_ field: ArraySlice<UInt8>?, _ previous: [UInt8]?) -> Bool {
        guard let field, let previous else { return false }
        return field.elementsEqual(previous)
    }

    /// The algorithm a field names, in any case, without making a String of it.
    private static func algorithm(named bytes: ArraySlice<UInt8>) -> HashAlgorithm? {
        HashAlgorithm.allCases.first { algorithm in
            algorithm.rawValue.utf8.count == bytes.count
                && zip(algorithm.rawValue.utf8, bytes).allSatisfy { $0 == ($1 | (ASCIIText.isLetter($1) ? 0x20 : 0)) }
        }
    }

    private static func header(
        _ record: TextRecordReader.RawRecord, path: String, settings: ListSettings
    ) throws(HashListError) -> Layout {
        var names = [String]()
        for span in record.fields {
            guard let text = record.text(of: span) else {
                throw .badHeader(path: path, line: record.line, message: "the header is not valid UTF-8")
            }
            names.append(ASCIIText.trimmed(text).lowercased())
        }
        let label = names.firstIndex(of: "label")
        let category = names.firstIndex(of: "category")
        if let algorithm = names.firstIndex(of: "algorithm"), let value = names.firstIndex(of: "value"), let label {
            return .native(algorithm: algorithm, value: value, label: label, category: category, count: names.count)
        }
        var hashes = [(column: Int, algorithm: HashAlgorithm?)]()
        for (column, name) in names.enumerated() {
            if let algorithm = HashAlgorithm(rawValue: name) {
                hashes.append((column, algorithm))
            } else if name == "hash" {
                hashes.append((column, settings.algorithm))
            }
        }
        guard !hashes.isEmpty else {
            let columns = HashAlgorithm.allCases.map(\.rawValue).joined(separator: ", ")
            throw .badHeader(
                path: path, line: record.line,
                message: "the header must name the columns algorithm, value and label, or a hash column (\(columns) "
                    + "or hash) (found: \(Self.describeHeader(names)))")
        }
        return .table(hashes: hashes, label: label, category: category, count: names.count)
    }

    /// Adds the value in `column`: digests from the record's bytes, other algorithms through their text.
    private static func add(
        _ algorithm: HashAlgorithm, _ record: TextRecordReader.RawRecord, column: Int, label: UInt32,
        to builder: inout HashListBuilder, path: String
    ) throws(HashListError) {
        let span = record.fields[column]
        do throws(HashValueProblem) {
            if algorithm.isDigest, !span.isQuoted {
                try record.bytes.withUnsafeBufferPointer { (bytes) throws(HashValueProblem) in
                    let value = ListBytes.trimmed(UnsafeBufferPointer(rebasing: bytes[span.start..<span.end]))
                    try builder.addDigest(algorithm, hex: value, label: label)
                }
            } else {
                guard let text = record.text(of: span) else {
                    throw HashValueProblem(message: "the line is not valid UTF-8")
                }
                try builder.add(algorithm, value: text, label: label)
            }
        } catch {
            throw .badEntry(path: path, line: record.line, message: error.message)
        }
    }

    /// The first line's fields as an error may show them: names that could be listed values (long
    /// hex runs, URLs, host names, anything long) are replaced by what they look like, because a
    /// list whose header is missing has an entry there, and errors never repeat listed values.
    static func describeHeader(_ names: [String]) -> String {
        let shown = names.map { name -> String in
            let hexDigits = name.unicodeScalars.filter(\.properties.isASCIIHexDigit).count
            let looksLikeValue = name.count > 24 || hexDigits >= 16 || name.contains { ":/.@".contains($0) }
            return looksLikeValue ? "<a value of \(name.utf8.count) characters>" : "\"\(TerminalText.escaped(name))\""
        }
        return "\(names.count) fields: " + shown.joined(separator: ", ")
    }
}
