/// The page compression codecs linksieve reads and writes, with their Thrift numbers.
/// A cleansed manifest is written with the codec of its input.
public enum ParquetCodec: Int32, Sendable, CustomStringConvertible {
    /// `lz4` is the deprecated LZ4 codec: blocks in Hadoop's framing (or, from some writers, a bare
    /// block); `lz4Raw` is a bare LZ4 block.
    case uncompressed = 0, snappy = 1, gzip = 2, brotli = 4, lz4 = 5, zstd = 6, lz4Raw = 7

    public var description: String {
        switch self {
        case .uncompressed: return "UNCOMPRESSED"
        case .snappy: return "SNAPPY"
        case .gzip: return "GZIP"
        case .brotli: return "BROTLI"
        case .lz4: return "LZ4"
        case .zstd: return "ZSTD"
        case .lz4Raw: return "LZ4_RAW"
        }
    }

    /// Name of a Thrift codec number this reader cannot handle, for error messages.
    static func name(of raw: Int32) -> String {
        switch raw {
        case 3: return "LZO"
        default: return ParquetCodec(rawValue: raw)?.description ?? "codec \(raw)"
        }
    }

    /// The codecs this reader handles, for error messages.
    static let supportedNames = "UNCOMPRESSED, SNAPPY, GZIP, ZSTD, LZ4, LZ4_RAW, BROTLI"
}
