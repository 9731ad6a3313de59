/// One leaf column of a row group: its schema field, its values and which rows are null.
public struct ParquetColumn: Sendable, Equatable {
    public let field: ParquetField
    public let values: ParquetValues
    /// `validity[row]` is false for a null row; nil when the column has no nulls in this group.
    public let validity: [Bool]?

    public init(field: ParquetField, values: ParquetValues, validity: [Bool]? = nil) {
        self.field = field
        self.values = values
        self.validity = validity
    }

    public var name: String { field.name }

    public var count: Int { values.count }

    public func isNull(_ row: Int) -> Bool { validity.map { !$0[row] } ?? false }

    /// Row `row` as text: UTF-8 for byte arrays, the number or `true`/`false` otherwise; nil for null.
    public func string(at row: Int) -> String? {
        if isNull(row) { return nil }
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
        let keptValidity = validity.map { v in rows.map { v[$0] } }
        return ParquetColumn(
            field: field, values: values.gathering(rows),
            validity: keptValidity.flatMap { $0.contains(false) ? $0 : nil })
    }
}
