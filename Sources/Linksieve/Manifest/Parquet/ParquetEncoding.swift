/// Value and level encodings, with their Thrift numbers.
enum ParquetEncoding: Int32 {
    case plain = 0, plainDictionary = 2, rle = 3, bitPacked = 4, deltaBinaryPacked = 5,
        deltaLengthByteArray = 6, deltaByteArray = 7, rleDictionary = 8, byteStreamSplit = 9

    /// Whether a column chunk of `type` may list `raw` among its encodings and still be read.
    /// RLE and BIT_PACKED are also level encodings, so they are accepted for every type here
    /// (parquet-mr lists BIT_PACKED for repetition levels it never writes).
    static func isReadable(_ raw: Int32, for type: ParquetPhysicalType) -> Bool {
        switch ParquetEncoding(rawValue: raw) {
        case .plain, .plainDictionary, .rleDictionary, .rle, .bitPacked: return true
        case .deltaBinaryPacked: return type == .int32 || type == .int64
        case .deltaLengthByteArray: return type == .byteArray
        case .deltaByteArray: return type == .byteArray || type == .fixedLenByteArray
        case .byteStreamSplit: return [.int32, .int64, .float, .double, .fixedLenByteArray].contains(type)
        case nil: return false
        }
    }

    /// The name of a Thrift encoding number, for error messages.
    static func name(of raw: Int32) -> String {
        switch ParquetEncoding(rawValue: raw) {
        case .plain: return "PLAIN"
        case .plainDictionary: return "PLAIN_DICTIONARY"
        case .rle: return "RLE"
        case .bitPacked: return "BIT_PACKED"
        case .deltaBinaryPacked: return "DELTA_BINARY_PACKED"
        case .deltaLengthByteArray: return "DELTA_LENGTH_BYTE_ARRAY"
        case .deltaByteArray: return "DELTA_BYTE_ARRAY"
        case .rleDictionary: return "RLE_DICTIONARY"
        case .byteStreamSplit: return "BYTE_STREAM_SPLIT"
        case nil: return "encoding \(raw)"
        }
    }
}
