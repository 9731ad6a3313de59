/// Parquet's physical storage types, with their Thrift numbers.
public enum ParquetPhysicalType: Int32, Sendable {
    case boolean = 0, int32 = 1, int64 = 2, int96 = 3, float = 4, double = 5, byteArray = 6, fixedLenByteArray = 7

    /// Bytes per value of the fixed-width numeric types; nil for booleans and byte arrays.
    var fixedWidth: Int? {
        switch self {
        case .int32, .float: return 4
        case .int64, .double: return 8
        case .boolean, .int96, .byteArray, .fixedLenByteArray: return nil
        }
    }
}
