import Foundation

/// Lays the cleansed manifests of a part's pieces end to end into one cleansed manifest in the
/// part's format, as one scan of the whole part writes it. Text manifests are read record by
/// record and written back byte for byte under the first piece's header (gzip recompressed as one
/// stream); Parquet row groups are read and written again, whole, with the project's Parquet
/// reader and writer, under the pieces' schema, key-value metadata and codec. The file appears
/// under its final name only when complete.
enum CleansedConcatenation {
    /// Writes `name` (`cleansed.csv`, `cleansed.parquet`, …) into `directory` from the pieces, in order.
    static func write(_ name: String, from pieces: [ScannedPiece], into directory: String) throws {
        let path = directory + "/" + name
        let partial = path + ".partial"
        var finished = false
        defer { if !finished { unlink(partial) } }
        if name.hasSuffix(".parquet") {
            try parquet(from: pieces.map { $0.directory + "/" + name }, to: partial)
        } else {
            try text(from: pieces.map { ($0.directory + "/" + name, $0.urlColumn) }, to: partial)
        }
        try CleansedManifest.moveIntoPlace(partial, path)
        finished = true
    }

    private static func text(from files: [(path: String, urlColumn: String?)], to partial: String) throws {
        var writer: ManifestWriter?
        for (path, urlColumn) in files {
            let reader = try ManifestReader(path: path, urlColumn: urlColumn)
            let output = try writer ?? ManifestWriter(
                path: partial, format: reader.format, gzip: reader.isGzipped, header: reader.header)
            writer = output
            while let record = try reader.next() { try output.write(record.raw) }
        }
        try writer?.close()
    }

    private static func parquet(from files: [String], to partial: String) throws {
        let readers = try files.map { try ParquetReader(path: $0) }
        guard let first = readers.first else { return }
        // Each piece's file carries the input's schema and metadata; the codec is read from a file
        // that has column chunks, and a column the input dictionary-encoded is so in some piece
        // unless every one of its groups fell back to plain values (as they then do here too).
        let codec = readers.first { $0.rowGroupCount > 0 }?.codec ?? first.codec
        let dictionaryColumns = readers.reduce(into: Set<String>()) { $0.formUnion($1.dictionaryEncodedColumns) }
        let writer = try ParquetWriter(
            path: partial, schema: first.schema, keyValueMetadata: first.keyValueMetadata, codec: codec,
            dictionaryColumns: dictionaryColumns)
        for reader in readers {
            guard reader.schema == first.schema else {
                throw MergeError.unreadable(path: reader.path, reason: "has another schema than \(first.path)")
            }
            for group in 0..<reader.rowGroupCount { try writer.write(try reader.readRowGroup(group)) }
        }
        try writer.close()
    }
}
