internal import CImageCodecs

/// WebP through libwebp, decoded to RGB; alpha is dropped, not composited.
///
/// Still images (lossy or lossless) decode straight into the output buffer. An animation yields its first
/// frame as libwebpdemux's animation decoder renders it on the canvas, which is what Pillow hands to pdqhash.
enum WebPDecoder {
    static func decode(_ bytes: [UInt8], maxPixels: Int) throws(ImageDecodeError) -> Pixels {
        let result: Result<Pixels, ImageDecodeError> = bytes.withUnsafeBufferPointer { body in
            Result { () throws(ImageDecodeError) in
                var features = WebPBitstreamFeatures()
                guard WebPGetFeatures(body.baseAddress, body.count, &features) == VP8_STATUS_OK else {
                    throw .undecodable("invalid WebP header")
                }
                let width = Int(features.width), height = Int(features.height)
                if features.has_animation != 0 {
                    return try firstFrame(body, width: width, height: height, maxPixels: maxPixels)
                }
                return try ImageDecoder.allocate(width: width, height: height, channels: 3,
                                                 maxPixels: maxPixels) { samples in
                    let decoded = WebPDecodeRGBInto(body.baseAddress, body.count, samples,
                                                    width * height * 3, Int32(width * 3))
                    return decoded == nil ? "WebP data is truncated or corrupt" : nil
                }
            }
        }
        return try result.get()
    }

    /// The canvas after the first frame. The canvas size was checked against the cap before the animation
    /// decoder, which allocates a 4-byte-per-pixel canvas of its own, is created.
    private static func firstFrame(
        _ body: UnsafeBufferPointer<UInt8>, width: Int, height: Int, maxPixels: Int
    ) throws(ImageDecodeError) -> Pixels {
        try ImageDecoder.checkSize(width: width, height: height, maxPixels: maxPixels)
        var options = WebPAnimDecoderOptions()
        guard WebPAnimDecoderOptionsInit(&options) != 0 else { throw .undecodable("libwebp version mismatch") }
        options.color_mode = MODE_RGBA
        options.use_threads = 0
        var data = WebPData(bytes: body.baseAddress, size: body.count)
        guard let decoder = WebPAnimDecoderNew(&data, &options) else {
            throw .undecodable("invalid animated WebP")
        }
        defer { WebPAnimDecoderDelete(decoder) }
        var info = WebPAnimInfo()
        guard WebPAnimDecoderGetInfo(decoder, &info) != 0, Int(info.canvas_width) == width,
              Int(info.canvas_height) == height
        else { throw .undecodable("animated WebP canvas does not match its header") }
        var frame: UnsafeMutablePointer<UInt8>?
        var timestamp: Int32 = 0
        guard WebPAnimDecoderGetNext(decoder, &frame, &timestamp) != 0, let rgba = frame else {
            throw .undecodable("animated WebP frame is truncated or corrupt")
        }
        return try ImageDecoder.allocate(width: width, height: height, channels: 3, maxPixels: maxPixels) { rgb in
            for pixel in 0..<width * height {
                rgb[3 * pixel] = rgba[4 * pixel]
                rgb[3 * pixel + 1] = rgba[4 * pixel + 1]
                rgb[3 * pixel + 2] = rgba[4 * pixel + 2]
            }
            return nil
        }
    }
}
