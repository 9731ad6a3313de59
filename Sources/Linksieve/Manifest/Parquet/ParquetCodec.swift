/// The page compression codecs linksieve reads and writes, with their Thrift numbers.
/// A cleansed manifest is written with the codec of its input.
public enum ParquetCodec: Int32, Sendable, CustomStringConvertible {
    case uncompressed = 0, snappy = 1, gzip = 2, zstd = 6

    public var description: String {
        switch self {
        case .uncompressed: return "UNCOMPRESSED"
        case .snappy: return "SNAPPY"
        case .gzip: return "GZIP"
        case .zstd: return "ZSTD"
        }
    }

    /// Name of a Thrift codec number this reader cannot handle, for error messages.
    static func name(of raw: Int32) -> String {
        switch raw {
        case 3: return "LZO"
        case 4: return "BROTLI"
        case 5: return "LZ4"
        case 7: return "LZ4_RAW"
        default: return "codec \(raw)"
        }
    }
}
