/// Everything that can go wrong reading or writing a Parquet file, with enough context
/// (file, row group, column, page) for a maintainer to find the damaged spot.
public struct ParquetError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        /// The file could not be opened, read or written.
        case io
        /// The bytes do not follow the Parquet format: magic, footer, Thrift metadata, pages.
        case corrupt
        /// Valid Parquet that this reader does not handle: encrypted files and columns.
        case unsupported
        /// The caller asked for something the file does not have, or handed in mismatched data.
        case usage
    }

    public var kind: Kind
    public var file: String
    public var rowGroup: Int?
    public var column: String?
    public var page: Int?
    public var message: String

    public init(
        _ kind: Kind, file: String, rowGroup: Int? = nil, column: String? = nil, page: Int? = nil,
        _ message: String
    ) {
        self.kind = kind
        self.file = file
        self.rowGroup = rowGroup
        self.column = column
        self.page = page
        self.message = message
    }

    public var description: String {
        var place = file
        if let rowGroup { place += ", row group \(rowGroup)" }
        if let column { place += ", column \"\(column)\"" }
        if let page { place += ", page \(page)" }
        return "\(place): \(message)"
    }

    /// The same error with the location filled in where it was not already known.
    func located(rowGroup: Int? = nil, column: String? = nil, page: Int? = nil) -> ParquetError {
        var copy = self
        copy.rowGroup = copy.rowGroup ?? rowGroup
        copy.column = copy.column ?? column
        copy.page = copy.page ?? page
        return copy
    }
}
