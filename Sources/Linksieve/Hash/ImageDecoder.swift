/// Turns a fetched body into pixels for perceptual hashing, refusing oversized images before allocating them.
///
/// The format comes from the magic bytes. Decoding follows what Pillow (and so pdqhash and HMA) produce:
/// libjpeg-turbo defaults (ISLOW IDCT, fancy upsampling), alpha dropped without compositing, EXIF orientation
/// and ICC profiles ignored. Greyscale stays one channel. GIF yields its first frame; animated WebP is undecodable.
public enum ImageDecoder {
    public static func decode(_ bytes: [UInt8], maxPixels: Int) throws(ImageDecodeError) -> (format: ImageFormat, pixels: Pixels) {
        guard let format = ImageFormat.sniff(bytes) else { throw .notAnImage }
        let pixels: Pixels
        switch format {
        case .jpeg: pixels = try JPEGDecoder.decode(bytes, maxPixels: maxPixels)
        case .png: pixels = try PNGDecoder.decode(bytes, maxPixels: maxPixels)
        case .webp: pixels = try WebPDecoder.decode(bytes, maxPixels: maxPixels)
        case .gif: pixels = try GIFDecoder.decode(bytes, maxPixels: maxPixels)
        }
        return (format, pixels)
    }

    /// Checks the header's size against the cap, then lets `fill` write every sample into a fresh buffer.
    /// `fill` returns nil on success or the decoder's reason for failing.
    static func allocate(
        width: Int, height: Int, channels: Int, maxPixels: Int,
        fill: (UnsafeMutablePointer<UInt8>) -> String?
    ) throws(ImageDecodeError) -> Pixels {
        guard width > 0, height > 0 else { throw .undecodable("image has no pixels (\(width)x\(height))") }
        // The decoders index with 32-bit ints, so 2^31 pixels is a hard ceiling whatever the cap.
        let (pixelCount, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, pixelCount <= maxPixels, pixelCount <= Int(Int32.max) / channels else {
            throw .tooLarge(width: width, height: height)
        }
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
