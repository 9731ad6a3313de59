/// The rows of one Parquet row group, column by column: the unit `ParquetReader` reads and
/// `ParquetWriter` writes, so memory stays bounded by one row group.
public struct ParquetRowGroup: Sendable, Equatable {
    public let columns: [ParquetColumn]
    public let rowCount: Int

    /// Columns must all hold `rowCount` values; `ParquetWriter.write` checks them against its schema.
    public init(columns: [ParquetColumn], rowCount: Int) {
        self.columns = columns
        self.rowCount = rowCount
    }

    public func column(named name: String) -> ParquetColumn? { columns.first { $0.name == name } }

    /// The column's rows as text, nil for null rows (for URL extraction). A column that does
    /// not exist yields nil for every row.
    public func strings(column: String) -> [String?] {
        guard let found = self.column(named: column) else { return Array(repeating: nil, count: rowCount) }
        return (0..<rowCount).map { found.string(at: $0) }
    }

    /// Only the rows at `rows` (sorted, distinct indices within the group), in order.
    public func filtered(keeping rows: [Int]) -> ParquetRowGroup {
        ParquetRowGroup(columns: columns.map { $0.filtered(keeping: rows) }, rowCount: rows.count)
    }
}
