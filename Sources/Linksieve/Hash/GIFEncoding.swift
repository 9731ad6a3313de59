internal import CImageCodecs

/// GIF writing through giflib for `ImageEncoder.gif` and `animatedGIF`, with a fixed palette so no quantiser is needed.
enum GIFEncoding {
    /// Palette entries 0…215: the 6x6x6 cube (levels 0, 51, …, 255); 216…255: greys between the cube's greys.
    static let palette: [(UInt8, UInt8, UInt8)] = {
        var colors = [(UInt8, UInt8, UInt8)]()
        for r in 0..<6 { for g in 0..<6 { for b in 0..<6 { colors.append((UInt8(r * 51), UInt8(g * 51), UInt8(b * 51))) } } }
        for i in 0..<40 {
            let level = UInt8((i + 1) * 255 / 41)
            colors.append((level, level, level))
        }
        return colors
    }()

    static func index(red: UInt8, green: UInt8, blue: UInt8) -> UInt8 {
        func level(_ value: UInt8) -> Int { (Int(value) + 25) / 51 }
        let cube = level(red) * 36 + level(green) * 6 + level(blue)
        if red == green && green == blue {
            let grey = 216 + min(39, max(0, (Int(red) * 41 + 127) / 255 - 1))
            let cubeError = abs(Int(palette[cube].0) - Int(red)), greyError = abs(Int(palette[grey].0) - Int(red))
            return UInt8(greyError < cubeError ? grey : cube)
        }
        return UInt8(cube)
    }

    /// Collects giflib's output; passed through `GifFileType.UserData`.
    private final class ByteSink {
        var bytes: [UInt8] = []
    }

    /// One frame per element, each a full-screen image; a NETSCAPE2.0 loop block precedes them when there are several.
    static func encode(_ frames: [Pixels]) -> [UInt8] {
        precondition(!frames.isEmpty && frames.allSatisfy { $0.width == frames[0].width && $0.height == frames[0].height },
                     "frames must exist and share one size")
        let first = frames[0]
        let sink = ByteSink()
        let write: OutputFunc = { gif, data, length in
            guard let gif, let data, let user = gif.pointee.UserData else { return 0 }
            Unmanaged<ByteSink>.fromOpaque(user).takeUnretainedValue().bytes
                .append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return length
        }
        return withExtendedLifetime(sink) {
            var error: Int32 = 0
            guard let gif = EGifOpen(Unmanaged.passUnretained(sink).toOpaque(), write, &error) else {
                fatalError("giflib could not start a GIF: \(error)")
            }
            var colors = palette.map { GifColorType(Red: $0.0, Green: $0.1, Blue: $0.2) }
            let map = GifMakeMapObject(256, &colors)
            defer { GifFreeMapObject(map) }
            let width = first.width, height = first.height
            var line = [GifByteType](repeating: 0, count: width)
            var status = EGifPutScreenDesc(gif, Int32(width), Int32(height), 8, 0, map)
            if status == GIF_OK && frames.count > 1 {
                status = EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE)
                if status == GIF_OK { status = EGifPutExtensionBlock(gif, 11, Array("NETSCAPE2.0".utf8)) }
                if status == GIF_OK { status = EGifPutExtensionBlock(gif, 3, [1, 0, 0]) }
                if status == GIF_OK { status = EGifPutExtensionTrailer(gif) }
            }
            for pixels in frames where status == GIF_OK {
                status = EGifPutImageDesc(gif, 0, 0, Int32(width), Int32(height), false, nil)
                let channels = pixels.channels
                for y in 0..<height where status == GIF_OK {
                    for x in 0..<width {
                        let p = (y * width + x) * channels
                        let (r, g, b) = channels == 1
                            ? (pixels.samples[p], pixels.samples[p], pixels.samples[p])
                            : (pixels.samples[p], pixels.samples[p + 1], pixels.samples[p + 2])
                        line[x] = index(red: r, green: g, blue: b)
                    }
                    status = line.withUnsafeMutableBufferPointer { EGifPutLine(gif, $0.baseAddress, Int32(width)) }
                }
            }
            let closed = EGifCloseFile(gif, &error)
            guard status == GIF_OK, closed == GIF_OK else { fatalError("giflib could not write a GIF: \(error)") }
            return sink.bytes
        }
    }
}
