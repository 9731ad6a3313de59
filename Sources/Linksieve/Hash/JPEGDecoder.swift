internal import CImageCodecs

/// JPEG through libjpeg-turbo's defaults, via the C shim that catches libjpeg's longjmp errors.
enum JPEGDecoder {
    /// The fast path keeps at least this many pixels on the shorter side (see docs/PDQ.md for the drift it gives).
    static let fastDecodeMinimumSide = 512

    /// Decodes at full size, or with `reduced`, at the smallest DCT-domain scale M/8 that keeps the shorter side
    /// at least `fastDecodeMinimumSide`, as grey. The pixel cap applies to the size the header declares either way.
    static func decode(_ bytes: [UInt8], maxPixels: Int, reduced: Bool = false) throws(ImageDecodeError) -> DecodedImage {
        var message = [CChar](repeating: 0, count: Int(LSC_MESSAGE_CAPACITY))
        let result: Result<DecodedImage, ImageDecodeError> = bytes.withUnsafeBufferPointer { body in
            var width: Int32 = 0, height: Int32 = 0, channels: Int32 = 0
            guard let reader = lsc_jpeg_open(body.baseAddress, body.count, &width, &height, &channels,
                                             &message, message.count)
            else { return .failure(.undecodable(ImageDecoder.message(message))) }
            defer { lsc_jpeg_close(reader) }
            return Result { () throws(ImageDecodeError) in
                let declaredWidth = Int(width), declaredHeight = Int(height)
                if reduced {
                    try ImageDecoder.checkSize(width: declaredWidth, height: declaredHeight, maxPixels: maxPixels)
                    guard lsc_jpeg_reduce(reader, Int32(fastDecodeMinimumSide), &width, &height, &channels,
                                          &message, message.count) == 0
                    else { throw .undecodable(ImageDecoder.message(message)) }
                }
                let pixels = try ImageDecoder.allocate(width: Int(width), height: Int(height), channels: Int(channels),
                                                       maxPixels: maxPixels) { samples in
                    lsc_jpeg_read(reader, samples, &message, message.count) == 0 ? nil : ImageDecoder.message(message)
                }
                return DecodedImage(format: .jpeg, width: declaredWidth, height: declaredHeight, pixels: pixels)
            }
        }
        return try result.get()
    }
}
