import Foundation

/// Writes the cleansed manifest in the input's own format: every row passes through `add` in
/// order, kept or not, and the file appears under its final name only on `finish`.
protocol CleansedManifestWriter {
    var path: String { get }
    func add(_ record: ManifestRecord, keep: Bool) throws
    func finish() throws
}

enum CleansedManifest {
    /// The writer that fits `source`, for `cleansed.<ext>` in `directory`.
    static func writer(for source: any ManifestRecordSource, in directory: String) throws -> any CleansedManifestWriter {
        if let parquet = source as? ParquetManifestReader {
            return try ParquetCleansedWriter(source: parquet, path: directory + "/cleansed.parquet")
        }
        guard let text = source as? ManifestReader else {
            throw ScanError.output(path: source.path, message: "no cleansed-manifest writer for this format")
        }
        return try TextCleansedWriter(source: text, directory: directory)
    }

    static func moveIntoPlace(_ partial: String, _ path: String) throws {
        do {
            try ExclusiveFile.moveIntoPlace(partial, path)
        } catch {
            throw ScanError.output(path: error.path, message: error.reason)
        }
    }
}

/// CSV, TSV and JSON lines: the header and kept records are copied byte for byte.
final class TextCleansedWriter: CleansedManifestWriter {
    let path: String
    private let writer: ManifestWriter
    private var finished = false

    init(source: ManifestReader, directory: String) throws {
        path = directory + "/cleansed." + source.format.rawValue + (source.isGzipped ? ".gz" : "")
        writer = try ManifestWriter(
            path: path + ".partial", format: source.format, gzip: source.isGzipped, header: source.header)
    }

    func add(_ record: ManifestRecord, keep: Bool) throws {
        if keep { try writer.write(record.raw) }
    }

    func finish() throws {
        try writer.close()
        try CleansedManifest.moveIntoPlace(path + ".partial", path)
        finished = true
    }

    /// A run that failed before `finish` leaves no temporary behind.
    deinit {
        if !finished { unlink(path + ".partial") }
    }
}

/// Parquet: each input row group is written again with only its kept rows, with the input's
/// schema, key-value metadata and codec.
final class ParquetCleansedWriter: CleansedManifestWriter {
    let path: String
    private let source: ParquetManifestReader
    private let writer: ParquetWriter
    private var group: ParquetRowGroup?
    private var groupStart = 0
    private var kept: [Int] = []
    private var finished = false

    init(source: ParquetManifestReader, path: String) throws {
        self.path = path
        self.source = source
        source.loadsWholeGroups = true
        writer = try ParquetWriter(
            path: path + ".partial", schema: source.file.schema, keyValueMetadata: source.file.keyValueMetadata,
            codec: source.file.codec, dictionaryColumns: source.file.dictionaryEncodedColumns)
    }

    func add(_ record: ManifestRecord, keep: Bool) throws {
        if group == nil || record.index >= groupStart + (group?.rowCount ?? 0) {
            try flushGroup()
            group = source.currentGroup
            groupStart = source.currentGroupStart
        }
        if keep { kept.append(record.index - groupStart) }
    }

    private func flushGroup() throws {
        if let group { try writer.write(group.filtered(keeping: kept)) }
        kept.removeAll(keepingCapacity: true)
    }

    func finish() throws {
        try flushGroup()
        group = nil
        try writer.close()
        try CleansedManifest.moveIntoPlace(path + ".partial", path)
        finished = true
    }

    /// A run that failed before `finish` leaves no temporary behind.
    deinit {
        if !finished { unlink(path + ".partial") }
    }
}
