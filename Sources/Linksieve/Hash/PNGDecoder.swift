internal import CImageCodecs

/// PNG through libpng, via the C shim that catches libpng's longjmp errors.
///
/// Palette and low bit depths are expanded; grey (with or without alpha) stays one channel, colour becomes RGB;
/// alpha is dropped without compositing. 16-bit grey is clipped to 255, as Pillow converts I;16 to L;
/// other 16-bit images keep each sample's high byte, as Pillow reads them.
enum PNGDecoder {
    static func decode(_ bytes: [UInt8], maxPixels: Int) throws(ImageDecodeError) -> Pixels {
        var message = [CChar](repeating: 0, count: Int(LSC_MESSAGE_CAPACITY))
        let result: Result<Pixels, ImageDecodeError> = bytes.withUnsafeBufferPointer { body in
            var width: Int32 = 0, height: Int32 = 0, channels: Int32 = 0
            guard let reader = lsc_png_open(body.baseAddress, body.count, &width, &height, &channels,
                                            &message, message.count)
            else { return .failure(.undecodable(ImageDecoder.message(message))) }
            defer { lsc_png_close(reader) }
            return Result { () throws(ImageDecodeError) in
                try ImageDecoder.allocate(width: Int(width), height: Int(height), channels: Int(channels),
                                          maxPixels: maxPixels) { samples in
                    lsc_png_read(reader, samples, &message, message.count) == 0 ? nil : ImageDecoder.message(message)
                }
            }
        }
        return try result.get()
    }
}
