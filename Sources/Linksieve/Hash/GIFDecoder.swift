internal import CImageCodecs

/// The first frame of a GIF through giflib, expanded from its palette to RGB.
///
/// The frame is drawn on a canvas of the logical screen filled with the background colour. Transparency is
/// ignored (the transparent index shows its palette colour), as the PDQ reference ignores alpha.
enum GIFDecoder {
    /// Where giflib's read callback takes bytes from; passed through `GifFileType.UserData`.
    private final class ByteSource {
        let base: UnsafePointer<UInt8>?
        let count: Int
        var offset = 0

        init(_ body: UnsafeBufferPointer<UInt8>) {
            base = body.baseAddress
            count = body.count
        }
    }

    static func decode(_ bytes: [UInt8], maxPixels: Int) throws(ImageDecodeError) -> Pixels {
        let result: Result<Pixels, ImageDecodeError> = bytes.withUnsafeBufferPointer { body in
            let source = ByteSource(body)
            return withExtendedLifetime(source) {
                Result { () throws(ImageDecodeError) in
                    try decode(source: source, maxPixels: maxPixels)
                }
            }
        }
        return try result.get()
    }

    private static func decode(source: ByteSource, maxPixels: Int) throws(ImageDecodeError) -> Pixels {
        let read: InputFunc = { gif, buffer, length in
            guard let gif, let buffer, let user = gif.pointee.UserData else { return 0 }
            let source = Unmanaged<ByteSource>.fromOpaque(user).takeUnretainedValue()
            let count = min(Int(length), source.count - source.offset)
            if count > 0, let base = source.base {
                buffer.update(from: base + source.offset, count: count)
                source.offset += count
            }
            return Int32(count)
        }
        var error: Int32 = 0
        guard let gif = DGifOpen(Unmanaged.passUnretained(source).toOpaque(), read, &error) else {
            throw .undecodable(giflibMessage(error))
        }
        defer { DGifCloseFile(gif, &error) }

        let width = Int(gif.pointee.SWidth), height = Int(gif.pointee.SHeight)
        return try ImageDecoder.allocate(width: width, height: height, channels: 3, maxPixels: maxPixels) { canvas in
            do throws(GIFFailure) {
                try drawFirstFrame(gif, into: canvas, width: width, height: height)
                return nil
            } catch {
                return error.reason
            }
        }
    }

    /// Why the first frame could not be drawn.
    private struct GIFFailure: Error {
        let reason: String
    }

    private static func drawFirstFrame(
        _ gif: UnsafeMutablePointer<GifFileType>, into canvas: UnsafeMutablePointer<UInt8>, width: Int, height: Int
    ) throws(GIFFailure) {
        func check(_ status: Int32) throws(GIFFailure) {
            if status != GIF_OK { throw GIFFailure(reason: giflibMessage(gif.pointee.Error)) }
        }
        while true {
            var record = UNDEFINED_RECORD_TYPE
            try check(DGifGetRecordType(gif, &record))
            switch record {
            case EXTENSION_RECORD_TYPE:
                var code: Int32 = 0
                var block: UnsafeMutablePointer<GifByteType>?
                try check(DGifGetExtension(gif, &code, &block))
                while block != nil { try check(DGifGetExtensionNext(gif, &block)) }
            case IMAGE_DESC_RECORD_TYPE:
                try check(DGifGetImageDesc(gif))
                try drawImage(gif, into: canvas, width: width, height: height)
                return
            case TERMINATE_RECORD_TYPE:
                throw GIFFailure(reason: "GIF holds no image")
            default:
                throw GIFFailure(reason: "unexpected GIF record")
            }
        }
    }

    private static func drawImage(
        _ gif: UnsafeMutablePointer<GifFileType>, into canvas: UnsafeMutablePointer<UInt8>, width: Int, height: Int
    ) throws(GIFFailure) {
        let frame = gif.pointee.Image
        guard let map = frame.ColorMap ?? gif.pointee.SColorMap, map.pointee.ColorCount > 0,
              let colors = map.pointee.Colors
        else { throw GIFFailure(reason: "GIF has no colour map") }
        let colorCount = Int(map.pointee.ColorCount)
        func rgb(_ index: Int) -> GifColorType { colors[index < colorCount ? index : 0] }

        let background = rgb(gif.pointee.SColorMap != nil ? Int(gif.pointee.SBackGroundColor) : 0)
        for pixel in 0..<width * height {
            canvas[3 * pixel] = background.Red
            canvas[3 * pixel + 1] = background.Green
            canvas[3 * pixel + 2] = background.Blue
        }

        let frameWidth = Int(frame.Width), frameHeight = Int(frame.Height)
        let left = Int(frame.Left), top = Int(frame.Top)
        guard frameWidth > 0, frameHeight > 0 else { throw GIFFailure(reason: "GIF frame has no pixels") }
        // Interlaced frames store rows in four passes: every 8th from 0, every 8th from 4, every 4th from 2, every 2nd from 1.
        let rowOrder: [Int] = frame.Interlace
            ? [(0, 8), (4, 8), (2, 4), (1, 2)].flatMap { start, step in Array(stride(from: start, to: frameHeight, by: step)) }
            : Array(0..<frameHeight)
        var line = [GifByteType](repeating: 0, count: frameWidth)
        for row in rowOrder {
            let status = line.withUnsafeMutableBufferPointer { DGifGetLine(gif, $0.baseAddress, Int32(frameWidth)) }
            guard status == GIF_OK else { throw GIFFailure(reason: giflibMessage(gif.pointee.Error)) }
            let y = top + row
            guard y < height else { continue }
            for column in 0..<frameWidth where left + column < width {
                let color = rgb(Int(line[column]))
                let offset = 3 * (y * width + left + column)
                canvas[offset] = color.Red
                canvas[offset + 1] = color.Green
                canvas[offset + 2] = color.Blue
            }
        }
    }

    private static func giflibMessage(_ code: Int32) -> String {
        GifErrorString(code).map { String(cString: $0) } ?? "GIF error \(code)"
    }
}
