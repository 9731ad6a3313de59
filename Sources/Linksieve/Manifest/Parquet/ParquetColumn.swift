/// One leaf column of a row group: its schema field, its values and which rows are null, or for
/// a leaf inside a list, struct or map, its present values and the levels that place them.
public struct ParquetColumn: Sendable, Equatable {
    public let field: ParquetField
    /// One slot per row for a flat column; one per present value for a nested one.
    public let values: ParquetValues
    /// `validity[row]` is false for a null row; nil when the column has no nulls in this group.
    public let validity: [Bool]?
    /// A nested column's levels; nil for a flat column.
    public let levels: ParquetLevels?

    public init(field: ParquetField, values: ParquetValues, validity: [Bool]? = nil) {
        self.field = field
        self.values = values
        self.validity = validity
        self.levels = nil
    }

    /// A nested column: `values` holds one entry per level entry at the maximum definition level.
    public init(field: ParquetField, values: ParquetValues, levels: ParquetLevels) {
        self.field = field
        self.values = values
        self.validity = nil
        self.levels = levels
    }

    public var name: String { field.name }

    /// The rows the column spans (for a nested column, not its value count).
    public var count: Int { levels?.rowCount ?? values.count }

    public func isNull(_ row: Int) -> Bool { validity.map { !$0[row] } ?? false }

    /// Row `row` as text: UTF-8 for byte arrays, the number or `true`/`false` otherwise; nil for
    /// null, and for a row of a nested column, which has no single value.
    public func string(at row: Int) -> String? {
        if isNull(row) || levels != nil { return nil }
        switch values {
        case .bytes(let v): return v.string(at: row)
        case .boolean(let v): return String(v[row])
        case .int32(let v): return String(v[row])
        case .int64(let v): return String(v[row])
        case .float(let v): return String(v[row])
        case .double(let v): return String(v[row])
        }
    }

    func filtered(keeping rows: [Int]) -> ParquetColumn {
        if let levels {
            let (keptLevels, keptValues) = levels.gathering(rows)
            return ParquetColumn(field: field, values: values.gathering(keptValues), levels: keptLevels)
        }
        let keptValidity = validity.map { v in rows.map { v[$0] } }
        return ParquetColumn(
            field: field, values: values.gathering(rows),
            validity: keptValidity.flatMap { $0.contains(false) ? $0 : nil })
    }
}
