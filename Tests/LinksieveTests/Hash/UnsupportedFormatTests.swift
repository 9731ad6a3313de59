import Testing
@testable import Linksieve

/// Bodies in image formats linksieve does not decode are named by format, not called non-images.
/// The headers are written here from each format's specification (ISO/IEC 23008-12 and the AVIF
/// brand registry, TIFF 6.0, the BMP and ICO layouts, SVG 1.1), not copied from files.
@Suite("Unsupported image formats")
struct UnsupportedFormatTests {
    static func bytes(_ parts: [[UInt8]]) -> [UInt8] { parts.flatMap { $0 } + [UInt8](repeating: 0, count: 32) }
    static func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }

    static let samples: [(UnsupportedImageFormat, [UInt8])] = [
        (.avif, bytes([[0, 0, 0, 0x1C], ascii("ftypavif"), [0, 0, 0, 0], ascii("avifmif1miaf")])),
        // A generic HEIF major brand with an AVIF compatible brand is AVIF.
        (.avif, bytes([[0, 0, 0, 0x18], ascii("ftypmif1"), [0, 0, 0, 0], ascii("mif1avif")])),
        (.heic, bytes([[0, 0, 0, 0x18], ascii("ftypheic"), [0, 0, 0, 0], ascii("mif1heic")])),
        (.bmp, bytes([ascii("BM"), [0x46, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0], [40, 0, 0, 0], [2, 0, 0, 0, 2, 0, 0, 0]])),
        (.tiff, bytes([[0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0]])),
        (.tiff, bytes([[0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8]])),
        (.ico, bytes([[0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0]])),
        (.svg, ascii("\u{FEFF}<?xml version=\"1.0\"?>\n<!-- drawn by hand -->\n<!DOCTYPE svg>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\"/>")),
    ]

    @Test("AVIF, HEIC, BMP, TIFF, ICO and SVG report unsupported-format with the format's name")
    func named() {
        for (format, body) in Self.samples {
            #expect(throws: ImageDecodeError.unsupportedFormat(format)) { try HashStage().hash(body).image.get() }
            let content = RowResult.Content(hashing: HashStage().hash(body))
            #expect(content.imageOutcome == "unsupported-format")
            #expect(content.format == format.rawValue)
        }
        #expect(ImageDecodeError.unsupportedFormat(.avif).description == "unsupported-format: avif")
    }

    @Test("the summary counts such rows by format")
    func counted() {
        var counts = OutputCounts()
        for (_, body) in Self.samples {
            let result = RowResult(row: 0, verdict: .kept, content: RowResult.Content(hashing: HashStage().hash(body)))
            counts.add(result, minQuality: 50)
        }
        #expect(counts.unsupportedFormats == ["avif": 2, "heic": 1, "bmp": 1, "tiff": 2, "ico": 1, "svg": 1])
        #expect(counts.imageOutcomes["unsupported-format"] == 8)
    }
}
