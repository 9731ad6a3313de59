/// A decoded body: its format, the size its header declares, and the pixels PDQ will hash.
///
/// The pixels are the full image, except on the fast path (`fastDecode`), where a large JPEG arrives
/// already reduced in the DCT domain and grey, so `pixels` is smaller than `width` x `height`.
public struct DecodedImage: Sendable, Equatable {
    public let format: ImageFormat
    public let width: Int
    public let height: Int
    public let pixels: Pixels

    public init(format: ImageFormat, width: Int, height: Int, pixels: Pixels) {
        self.format = format
        self.width = width
        self.height = height
        self.pixels = pixels
    }
}
