internal import CImageCodecs

/// Writes pixels in the four decoded formats, to make test fixtures and the demo's benign images.
///
/// Encoding valid pixels cannot fail short of running out of memory, which stops the process.
public enum ImageEncoder {
    /// JPEG at `quality` (1…100), 4:2:0 for RGB; baseline, or progressive (libjpeg's simple progression).
    public static func jpeg(_ pixels: Pixels, quality: Int, progressive: Bool = false) -> [UInt8] {
        jpeg(samples: pixels.samples, width: pixels.width, height: pixels.height, channels: pixels.channels,
             quality: quality, progressive: progressive)
    }

    /// A CMYK JPEG as Photoshop writes them (Adobe marker, inverted values), holding the RGB colours of `pixels`
    /// with no black: stored C, M, Y = R, G, B and K = 255, which Pillow (and `ImageDecoder`) read back as RGB.
    public static func cmykJPEG(_ pixels: Pixels, quality: Int) -> [UInt8] {
        var cmyk = [UInt8]()
        cmyk.reserveCapacity(pixels.width * pixels.height * 4)
        for pixel in 0..<pixels.width * pixels.height {
            let p = pixel * pixels.channels
            if pixels.channels == 1 {
                cmyk += [pixels.samples[p], pixels.samples[p], pixels.samples[p], 255]
            } else {
                cmyk += [pixels.samples[p], pixels.samples[p + 1], pixels.samples[p + 2], 255]
            }
        }
        return jpeg(samples: cmyk, width: pixels.width, height: pixels.height, channels: 4, quality: quality,
                    progressive: false)
    }

    private static func jpeg(samples: [UInt8], width: Int, height: Int, channels: Int, quality: Int,
                             progressive: Bool) -> [UInt8] {
        encodeThroughShim("JPEG") { output, size, message, capacity in
            lsc_jpeg_encode(samples, Int32(width), Int32(height), Int32(channels), Int32(min(max(quality, 1), 100)),
                            progressive ? 1 : 0, output, size, message, capacity)
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
        return webpOutput(pixels) { output in
            rgb.withUnsafeBufferPointer { rgb in
                if let quality {
                    return WebPEncodeRGB(rgb.baseAddress, Int32(pixels.width), Int32(pixels.height),
                                         Int32(pixels.width * 3), Float(min(max(quality, 0), 100)), &output)
                }
                return WebPEncodeLosslessRGB(rgb.baseAddress, Int32(pixels.width), Int32(pixels.height),
                                             Int32(pixels.width * 3), &output)
            }
        }
    }

    /// Lossy WebP at `quality`, or lossless when nil, with an alpha channel (`alpha`: one byte per pixel).
    public static func webp(_ pixels: Pixels, alpha: [UInt8], quality: Int?) -> [UInt8] {
        precondition(alpha.count == pixels.width * pixels.height, "one alpha byte per pixel")
        var rgba = [UInt8]()
        rgba.reserveCapacity(alpha.count * 4)
        for pixel in 0..<alpha.count {
            let p = pixel * pixels.channels
            if pixels.channels == 1 {
                rgba += [pixels.samples[p], pixels.samples[p], pixels.samples[p], alpha[pixel]]
            } else {
                rgba += [pixels.samples[p], pixels.samples[p + 1], pixels.samples[p + 2], alpha[pixel]]
            }
        }
        return webpOutput(pixels) { output in
            rgba.withUnsafeBufferPointer { rgba in
                if let quality {
                    return WebPEncodeRGBA(rgba.baseAddress, Int32(pixels.width), Int32(pixels.height),
                                          Int32(pixels.width * 4), Float(min(max(quality, 0), 100)), &output)
                }
                return WebPEncodeLosslessRGBA(rgba.baseAddress, Int32(pixels.width), Int32(pixels.height),
                                              Int32(pixels.width * 4), &output)
            }
        }
    }

    /// Runs one libwebp encoder call and copies out (then frees) the buffer it allocated.
    private static func webpOutput(
        _ pixels: Pixels, _ encode: (inout UnsafeMutablePointer<UInt8>?) -> Int
    ) -> [UInt8] {
        var output: UnsafeMutablePointer<UInt8>?
        let size = encode(&output)
        guard size > 0, let output else { fatalError("libwebp could not encode a \(pixels.width)x\(pixels.height) image") }
        defer { WebPFree(output) }
        return Array(UnsafeBufferPointer(start: output, count: size))
    }

    /// Single-frame GIF89a quantised to a fixed palette: a 6x6x6 colour cube plus 40 greys.
    public static func gif(_ pixels: Pixels) -> [UInt8] {
        GIFEncoding.encode([pixels])
    }

    /// An animated GIF89a, one full-screen frame per element (all the same size), same palette as `gif`.
    public static func animatedGIF(_ frames: [Pixels]) -> [UInt8] {
        GIFEncoding.encode(frames)
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
