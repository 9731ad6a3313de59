@testable import Linksieve

/// Builds animated WebP files chunk by chunk (VP8X, ANIM, one ANMF per frame), since libwebp's own animation
/// encoder lives in libwebpmux, which linksieve does not link. Each frame is a lossless still from `ImageEncoder`.
enum WebPAnimationFixture {
    /// Full-canvas frames, shown without blending, so the first frame is exactly what a decoder must return.
    static func make(_ frames: [Pixels], canvasWidth: Int? = nil, canvasHeight: Int? = nil) -> [UInt8] {
        let width = canvasWidth ?? frames[0].width, height = canvasHeight ?? frames[0].height
        var chunks = chunk("VP8X", [0x02, 0, 0, 0] + little24(width - 1) + little24(height - 1))
        chunks += chunk("ANIM", [255, 255, 255, 255, 0, 0])
        for frame in frames {
            // A still WebP is "RIFF" size "WEBP" followed by its chunks: the frame data is those chunks.
            let still = ImageEncoder.webp(frame, quality: nil).dropFirst(12)
            let header = little24(0) + little24(0) + little24(frame.width - 1) + little24(frame.height - 1)
                + little24(100) + [0x02]
            chunks += chunk("ANMF", header + still)
        }
        return Array("RIFF".utf8) + little32(chunks.count + 4) + Array("WEBP".utf8) + chunks
    }

    static func chunk(_ type: String, _ payload: [UInt8]) -> [UInt8] {
        Array(type.utf8) + little32(payload.count) + payload + (payload.count % 2 == 1 ? [0] : [])
    }

    static func little24(_ value: Int) -> [UInt8] {
        [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF)]
    }

    static func little32(_ value: Int) -> [UInt8] {
        little24(value) + [UInt8(value >> 24 & 0xFF)]
    }
}
