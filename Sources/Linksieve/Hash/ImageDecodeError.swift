/// Why a body yielded no pixels: reported per row, never fatal to a run.
public enum ImageDecodeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The magic bytes match no supported format.
    case notAnImage
    /// The magic bytes name an image format that is recognised but not decoded (AVIF, HEIC, BMP, …).
    case unsupportedFormat(UnsupportedImageFormat)
    /// The format was recognised but the data is truncated, corrupt or uses an unsupported feature.
    case undecodable(String)
    /// The header declares more pixels than the configured cap; nothing was allocated for them.
    case tooLarge(width: Int, height: Int)

    /// The `reason` of `unsupportedFormat`, whatever the format.
    public static let unsupportedFormatReason = "unsupported-format"

    /// A stable, machine-readable name for reports.
    public var reason: String {
        switch self {
        case .notAnImage: "not-an-image"
        case .unsupportedFormat: Self.unsupportedFormatReason
        case .undecodable: "undecodable"
        case .tooLarge: "too-large"
        }
    }

    public var description: String {
        switch self {
        case .notAnImage: "not an image"
        case .unsupportedFormat(let format): "unsupported-format: \(format.rawValue)"
        case .undecodable(let detail): "undecodable: \(detail)"
        case .tooLarge(let width, let height): "too large: \(width)x\(height)"
        }
    }
}
