/// A malformed-bytes finding from the low-level decoders (Thrift, levels, pages, codecs), which
/// know neither the file nor the column; `ParquetReader` turns it into a located `ParquetError`.
struct ParquetFormatError: Error, Sendable {
    var message: String
    var kind: ParquetError.Kind = .corrupt
    var page: Int?

    init(_ message: String, kind: ParquetError.Kind = .corrupt) {
        self.message = message
        self.kind = kind
    }
}
