internal import CImageCodecs

/// Still WebP (lossy or lossless) through libwebp, decoded to RGB; alpha is dropped, not composited.
enum WebPDecoder {
    static func decode(_ bytes: [UInt8], maxPixels: Int) throws(ImageDecodeError) -> Pixels {
        let result: Result<Pixels, ImageDecodeError> = bytes.withUnsafeBufferPointer { body in
            Result { () throws(ImageDecodeError) in
                var features = WebPBitstreamFeatures()
                guard WebPGetFeatures(body.baseAddress, body.count, &features) == VP8_STATUS_OK else {
                    throw .undecodable("invalid WebP header")
                }
                guard features.has_animation == 0 else { throw .undecodable("animated WebP is not supported") }
                let width = Int(features.width), height = Int(features.height)
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
}
