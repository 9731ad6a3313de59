internal import CImageCodecs

/// JPEG through libjpeg-turbo's defaults, via the C shim that catches libjpeg's longjmp errors.
enum JPEGDecoder {
    static func decode(_ bytes: [UInt8], maxPixels: Int) throws(ImageDecodeError) -> Pixels {
        var message = [CChar](repeating: 0, count: Int(LSC_MESSAGE_CAPACITY))
        let result: Result<Pixels, ImageDecodeError> = bytes.withUnsafeBufferPointer { body in
            var width: Int32 = 0, height: Int32 = 0, channels: Int32 = 0
            guard let reader = lsc_jpeg_open(body.baseAddress, body.count, &width, &height, &channels,
                                             &message, message.count)
            else { return .failure(.undecodable(ImageDecoder.message(message))) }
            defer { lsc_jpeg_close(reader) }
            return Result { () throws(ImageDecodeError) in
                try ImageDecoder.allocate(width: Int(width), height: Int(height), channels: Int(channels),
                                          maxPixels: maxPixels) { samples in
                    lsc_jpeg_read(reader, samples, &message, message.count) == 0 ? nil : ImageDecoder.message(message)
                }
            }
        }
        return try result.get()
    }
}
