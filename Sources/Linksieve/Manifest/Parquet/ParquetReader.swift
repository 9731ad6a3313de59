import Foundation

/// Reads a Parquet file one row group at a time (LAION-style manifests: strings, numbers,
/// booleans, fixed-length bytes; nullable or required; flat or in lists, structs and maps), so
/// memory is bounded by one row group.
///
/// Every offset and length from the file is checked against the file's size before it is
/// used; damaged files end in a `ParquetError` that names the file and, where known, the row
/// group, column and page. Its state is immutable after `init` and reads are positioned
/// (`pread`), so row groups may be read from several threads at once.
///
/// `@unchecked` because of the file descriptor inside `ParquetFileHandle` (a C boundary): the
/// reader only ever calls `pread` on it, which POSIX makes safe from several threads, and closes
/// it only in `deinit`.
public final class ParquetReader: @unchecked Sendable {
    public let path: String
    public let schema: ParquetSchema
    public let keyValueMetadata: [(key: String, value: String?)]
    public let rowCount: Int
    public let rowGroupCount: Int
    /// The codec of the first column chunk (uncompressed for a file without row groups).
    public let codec: ParquetCodec
    /// Columns with a dictionary-encoded chunk: a cleansed file dictionary-encodes them too.
    public let dictionaryEncodedColumns: Set<String>

    let metadata: ParquetFileMetaData
    private let file: ParquetFileHandle

    /// The row count a row group may claim beyond which its metadata is taken as corrupt: at
    /// least a pyarrow default row group (2^20 rows), else 64 rows per byte of file.
    private static func rowLimit(fileSize: Int) -> Int { min(Int(Int32.max), max(1 << 20, fileSize.multipliedReportingOverflow(by: 64).partialValue)) }

    public init(path: String) throws(ParquetError) {
        self.path = path
        file = try ParquetFileHandle(readingFrom: path)
        let size = file.size
        func corrupt(_ message: String) -> ParquetError { ParquetError(.corrupt, file: path, message) }

        guard size >= 12 else { throw corrupt("\(size) bytes is too small to be a Parquet file") }
        let head = try file.read(at: 0, count: 4)
        let tail = try file.read(at: size - 8, count: 8)
        if head == Array("PARE".utf8) || tail[4...] == Array("PARE".utf8)[...] {
            throw ParquetError(.unsupported, file: path,
                "the file is encrypted (Parquet modular encryption, magic PARE); encrypted files cannot be read")
        }
        guard head == Array("PAR1".utf8) else { throw corrupt("does not start with the Parquet magic PAR1") }
        guard tail[4...] == Array("PAR1".utf8)[...] else {
            throw corrupt("does not end with the Parquet magic PAR1 (truncated or not Parquet)")
        }
        let footerLength = Int(UInt32(tail[0]) | UInt32(tail[1]) << 8 | UInt32(tail[2]) << 16 | UInt32(tail[3]) << 24)
        guard footerLength > 0, footerLength <= size - 12 else {
            throw corrupt("footer length \(footerLength) does not fit in a file of \(size) bytes")
        }
        let footerStart = size - 8 - footerLength
        let footer = try file.read(at: footerStart, count: footerLength)

        do throws(ParquetFormatError) {
            var decoder = ThriftCompactDecoder(bytes: footer)
            metadata = try ParquetFileMetaData.decode(&decoder)
            schema = try ParquetSchema.parse(from: metadata.schema)
        } catch {
            throw ParquetError(error.kind, file: path, "footer: \(error.message)")
        }
        keyValueMetadata = metadata.keyValueMetadata
        rowGroupCount = metadata.rowGroups.count

        let rowLimit = Self.rowLimit(fileSize: size)
        var total = 0
        var firstCodec: ParquetCodec?
        var dictionaryColumns = Set<String>()
        for (g, group) in metadata.rowGroups.enumerated() {
            func bad(_ message: String, column: String? = nil, kind: ParquetError.Kind = .corrupt) -> ParquetError {
                ParquetError(kind, file: path, rowGroup: g, column: column, message)
            }
            guard group.numRows >= 0, group.numRows <= Int64(rowLimit) else {
                throw bad("claims \(group.numRows) rows, implausible for a file of \(size) bytes")
            }
            total += Int(group.numRows)
            guard group.columns.count == schema.fields.count else {
                throw bad("has \(group.columns.count) column chunks for \(schema.fields.count) columns")
            }
            // Every codec and encoding is checked here, before a row is read, so a file that cannot
            // be read to its end is refused before the first URL is fetched.
            for (chunk, field) in zip(group.columns, schema.fields) {
                guard !chunk.isEncrypted else {
                    throw bad("the column is encrypted (Parquet modular encryption); encrypted columns cannot be read",
                        column: field.name, kind: .unsupported)
                }
                guard chunk.filePath == nil else {
                    throw bad("column chunk lives in another file (\(chunk.filePath!))", column: field.name, kind: .unsupported)
                }
                guard chunk.pathInSchema == field.path || chunk.pathInSchema.isEmpty else {
                    throw bad("column chunk is for \(chunk.pathInSchema.joined(separator: "."))", column: field.name)
                }
                guard chunk.type == field.physicalType.rawValue else {
                    throw bad("column chunk type \(chunk.type) differs from the schema's", column: field.name)
                }
                guard let codec = ParquetCodec(rawValue: chunk.codec) else {
                    throw bad("compressed with \(ParquetCodec.name(of: chunk.codec)), which is not supported"
                        + " (\(ParquetCodec.supportedNames) are)", column: field.name, kind: .unsupported)
                }
                for encoding in chunk.encodings where !ParquetEncoding.isReadable(encoding, for: field.physicalType) {
                    throw bad("uses the encoding \(ParquetEncoding.name(of: encoding)), which cannot be read for"
                        + " \(field.physicalType) values", column: field.name, kind: .unsupported)
                }
                firstCodec = firstCodec ?? codec
                let dictionaryEncodings = [ParquetEncoding.plainDictionary.rawValue, ParquetEncoding.rleDictionary.rawValue]
                if chunk.encodings.contains(where: dictionaryEncodings.contains) { dictionaryColumns.insert(field.name) }
                // An empty row group has nothing to read, whatever its offsets say.
                if group.numRows == 0 { continue }
                let start = chunk.startOffset
                guard start >= 4, chunk.totalCompressedSize >= 0,
                    start <= Int64(footerStart), chunk.totalCompressedSize <= Int64(footerStart) - start
                else {
                    throw bad("column chunk at byte \(start) of \(chunk.totalCompressedSize) bytes lies outside the"
                        + " data region (4..<\(footerStart))", column: field.name)
                }
            }
        }
        guard metadata.numRows >= 0, Int(metadata.numRows) == total else {
            throw corrupt("footer says \(metadata.numRows) rows but its row groups hold \(total)")
        }
        rowCount = total
        codec = firstCodec ?? .uncompressed
        dictionaryEncodedColumns = dictionaryColumns
    }

    /// `columns`: decode only these (by name); nil decodes every column. A group read with a subset
    /// holds just those columns and is for reading, not for writing back.
    public func readRowGroup(_ index: Int, columns wanted: Set<String>? = nil) throws(ParquetError) -> ParquetRowGroup {
        guard index >= 0, index < rowGroupCount else {
            throw ParquetError(.usage, file: path, "row group \(index) does not exist (the file has \(rowGroupCount))")
        }
        let group = metadata.rowGroups[index]
        let rows = Int(group.numRows)
        var columns = [ParquetColumn]()
        columns.reserveCapacity(schema.fields.count)
        for (chunk, field) in zip(group.columns, schema.fields) where wanted?.contains(field.name) ?? true {
            if rows == 0 {
                columns.append(ParquetColumn(field: field, values: .empty(for: field.physicalType)))
                continue
            }
            let bytes: [UInt8]
            do {
                bytes = try file.read(at: Int(chunk.startOffset), count: Int(chunk.totalCompressedSize))
            } catch {
                throw error.located(rowGroup: index, column: field.name)
            }
            let decoder = ParquetColumnChunkDecoder(
                field: field, codec: ParquetCodec(rawValue: chunk.codec) ?? .uncompressed, rowCount: rows)
            do throws(ParquetFormatError) {
                columns.append(try decoder.decode(bytes))
            } catch {
                throw ParquetError(error.kind, file: path, rowGroup: index, column: field.name, page: error.page, error.message)
            }
        }
        return ParquetRowGroup(columns: columns, rowCount: rows)
    }
}
