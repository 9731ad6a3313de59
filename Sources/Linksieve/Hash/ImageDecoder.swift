/// Turns a fetched body into pixels for perceptual hashing, refusing oversized images before allocating them.
///
/// The format comes from the magic bytes. Decoding follows what Pillow (and so pdqhash and HMA) produce:
/// libjpeg-turbo defaults (ISLOW IDCT, fancy upsampling), alpha dropped without compositing, EXIF orientation
/// and ICC profiles ignored. Greyscale stays one channel. GIF and animated WebP yield their first frame.
public enum ImageDecoder {
    public static func decode(_ bytes: [UInt8], maxPixels: Int) throws(ImageDecodeError) -> (format: ImageFormat, pixels: Pixels) {
        let image = try decode(bytes, maxPixels: maxPixels, fastDecode: false)
        return (image.format, image.pixels)
    }

    /// As `decode(_:maxPixels:)`; with `fastDecode`, a JPEG comes out reduced and grey (see `JPEGDecoder`).
    /// Other formats are unaffected.
    public static func decode(_ bytes: [UInt8], maxPixels: Int, fastDecode: Bool) throws(ImageDecodeError) -> DecodedImage {
        guard let format = ImageFormat.sniff(bytes) else {
            if let other = UnsupportedImageFormat.sniff(bytes) { throw .unsupportedFormat(other) }
            throw .notAnImage
        }
        let pixels: Pixels
        switch format {
        case .jpeg: return try JPEGDecoder.decode(bytes, maxPixels: maxPixels, reduced: fastDecode)
        case .png: pixels = try PNGDecoder.decode(bytes, maxPixels: maxPixels)
        case .webp: pixels = try WebPDecoder.decode(bytes, maxPixels: maxPixels)
        case .gif: pixels = try GIFDecoder.decode(bytes, maxPixels: maxPixels)
        }
        return DecodedImage(format: format, width: pixels.width, height: pixels.height, pixels: pixels)
    }

    /// Refuses a declared size that is empty, above the cap, or beyond what the decoders' 32-bit indices reach.
    static func checkSize(width: Int, height: Int, channels: Int = 4, maxPixels: Int) throws(ImageDecodeError) {
        guard width > 0, height > 0 else { throw .undecodable("image has no pixels (\(width)x\(height))") }
        let (pixelCount, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, pixelCount <= maxPixels, pixelCount <= Int(Int32.max) / channels else {
            throw .tooLarge(width: width, height: height)
        }
    }

    /// Checks the header's size against the cap, then lets `fill` write every sample into a fresh buffer.
    /// `fill` returns nil on success or the decoder's reason for failing.
    static func allocate(
        width: Int, height: Int, channels: Int, maxPixels: Int,
        fill: (UnsafeMutablePointer<UInt8>) -> String?
    ) throws(ImageDecodeError) -> Pixels {
        try checkSize(width: width, height: height, channels: channels, maxPixels: maxPixels)
        var failure: String?
        let samples = [UInt8](unsafeUninitializedCapacity: width * height * channels) { buffer, count in
            failure = fill(buffer.baseAddress!)
            // A failed decode may leave the buffer partly written; it is discarded either way.
            count = failure == nil ? buffer.count : 0
        }
        if let failure { throw .undecodable(failure) }
        return Pixels(width: width, height: height, channels: channels, samples: samples)
    }

    /// The text of a NUL-terminated C message buffer.
    static func message(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
