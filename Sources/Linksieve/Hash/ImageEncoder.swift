internal import CImageCodecs

/// Writes pixels in the four decoded formats, to make test fixtures and the demo's benign images.
///
/// Encoding valid pixels cannot fail short of running out of memory, which stops the process.
public enum ImageEncoder {
    /// Baseline JPEG at `quality` (1…100), 4:2:0 for RGB.
    public static func jpeg(_ pixels: Pixels, quality: Int) -> [UInt8] {
        encodeThroughShim("JPEG") { output, size, message, capacity in
            lsc_jpeg_encode(pixels.samples, Int32(pixels.width), Int32(pixels.height), Int32(pixels.channels),
                            Int32(min(max(quality, 1), 100)), output, size, message, capacity)
        }
    }

    /// 8-bit grey or RGB PNG, not interlaced.
    public static func png(_ pixels: Pixels) -> [UInt8] {
        encodeThroughShim("PNG") { output, size, message, capacity in
            lsc_png_encode(pixels.samples, Int32(pixels.width), Int32(pixels.height), Int32(pixels.channels),
                           output, size, message, capacity)
        }
    }

    /// Lossy WebP at `quality` (0…100), or lossless when `quality` is nil. Grey is written as RGB.
    public static func webp(_ pixels: Pixels, quality: Int?) -> [UInt8] {
        let rgb = pixels.channels == 3 ? pixels.samples : pixels.samples.flatMap { [$0, $0, $0] }
        var output: UnsafeMutablePointer<UInt8>?
        let size = rgb.withUnsafeBufferPointer { rgb in
            if let quality {
                return WebPEncodeRGB(rgb.baseAddress, Int32(pixels.width), Int32(pixels.height),
                                     Int32(pixels.width * 3), Float(min(max(quality, 0), 100)), &output)
            }
            return WebPEncodeLosslessRGB(rgb.baseAddress, Int32(pixels.width), Int32(pixels.height),
                                         Int32(pixels.width * 3), &output)
        }
        guard size > 0, let output else { fatalError("libwebp could not encode a \(pixels.width)x\(pixels.height) image") }
        defer { WebPFree(output) }
        return Array(UnsafeBufferPointer(start: output, count: size))
    }

    /// Single-frame GIF89a quantised to a fixed palette: a 6x6x6 colour cube plus 40 greys.
    public static func gif(_ pixels: Pixels) -> [UInt8] {
        GIFEncoding.encode(pixels)
    }

    private static func encodeThroughShim(
        _ format: String,
        _ encode: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>, UnsafeMutablePointer<Int>, UnsafeMutablePointer<CChar>, Int) -> Int32
    ) -> [UInt8] {
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: Int(LSC_MESSAGE_CAPACITY))
        let status = message.withUnsafeMutableBufferPointer { encode(&output, &size, $0.baseAddress!, $0.count) }
        guard status == 0, let output else { fatalError("\(format) encoding failed: \(ImageDecoder.message(message))") }
        defer { lsc_free(output) }
        return Array(UnsafeBufferPointer(start: output, count: size))
    }
}
