/// The values of one column in a row group, one slot per row (null rows hold a zero or empty
/// placeholder, see `ParquetColumn.validity`). INT96 and FIXED_LEN_BYTE_ARRAY are raw bytes.
public enum ParquetValues: Sendable, Equatable {
    case boolean([Bool])
    case int32([Int32])
    case int64([Int64])
    case float([Float])
    case double([Double])
    case bytes(ParquetByteArrays)

    public var count: Int {
        switch self {
        case .boolean(let v): return v.count
        case .int32(let v): return v.count
        case .int64(let v): return v.count
        case .float(let v): return v.count
        case .double(let v): return v.count
        case .bytes(let v): return v.count
        }
    }

    /// The empty storage a column of `type` starts from.
    static func empty(for type: ParquetPhysicalType) -> ParquetValues {
        switch type {
        case .boolean: return .boolean([])
        case .int32: return .int32([])
        case .int64: return .int64([])
        case .float: return .float([])
        case .double: return .double([])
        case .int96, .byteArray, .fixedLenByteArray: return .bytes(ParquetByteArrays())
        }
    }

    /// The values at `rows` (sorted indices), in that order.
    func gathering(_ rows: [Int]) -> ParquetValues {
        switch self {
        case .boolean(let v): return .boolean(rows.map { v[$0] })
        case .int32(let v): return .int32(rows.map { v[$0] })
        case .int64(let v): return .int64(rows.map { v[$0] })
        case .float(let v): return .float(rows.map { v[$0] })
        case .double(let v): return .double(rows.map { v[$0] })
        case .bytes(let v): return .bytes(v.gathering(rows))
        }
    }
}
