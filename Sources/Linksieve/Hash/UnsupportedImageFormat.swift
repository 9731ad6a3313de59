/// Image formats linksieve recognises from their magic bytes but does not decode (no decoder
/// surface for them is shipped), so a row can say `unsupported-format: avif` instead of
/// `not-an-image`, and the summary can count what a dataset holds that was not perceptually hashed.
public enum UnsupportedImageFormat: String, Sendable, CaseIterable {
    case avif
    case heic
    case bmp
    case tiff
    case ico
    case svg

    public static func sniff(_ bytes: [UInt8]) -> UnsupportedImageFormat? {
        func starts(with prefix: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + prefix.count && bytes[offset..<offset + prefix.count].elementsEqual(prefix)
        }
        if let brand = isoMediaBrand(bytes) { return brand }
        // TIFF: byte order mark, then 42 (43 for BigTIFF) in that order.
        if starts(with: [0x49, 0x49, 0x2A, 0x00]) || starts(with: [0x4D, 0x4D, 0x00, 0x2A])
            || starts(with: [0x49, 0x49, 0x2B, 0x00]) || starts(with: [0x4D, 0x4D, 0x00, 0x2B])
        {
            return .tiff
        }
        // BMP: "BM", then a DIB header whose size is one of the defined ones (two letters alone are too weak).
        if starts(with: [0x42, 0x4D]), bytes.count >= 18 {
            let headerSize = UInt32(bytes[14]) | UInt32(bytes[15]) << 8 | UInt32(bytes[16]) << 16 | UInt32(bytes[17]) << 24
            if [12, 16, 40, 52, 56, 64, 108, 124].contains(headerSize) { return .bmp }
        }
        // ICO and CUR: reserved 0, type 1 or 2, at least one image.
        if bytes.count >= 6, starts(with: [0, 0]), bytes[2] == 1 || bytes[2] == 2, bytes[3] == 0,
           bytes[4] != 0 || bytes[5] != 0
        {
            return .ico
        }
        if isSVG(bytes) { return .svg }
        return nil
    }

    /// AVIF and HEIC are ISO base media files: an `ftyp` box first, naming a major brand and
    /// compatible brands. An AVIF brand anywhere wins over the generic HEIF ones (`mif1`, `msf1`).
    private static func isoMediaBrand(_ bytes: [UInt8]) -> UnsupportedImageFormat? {
        guard bytes.count >= 16, bytes[4..<8].elementsEqual(Array("ftyp".utf8)) else { return nil }
        let boxSize = Int(bytes[0]) << 24 | Int(bytes[1]) << 16 | Int(bytes[2]) << 8 | Int(bytes[3])
        let end = min(bytes.count, max(16, boxSize))
        var brands: [String] = [String(decoding: bytes[8..<12], as: UTF8.self)]
        var offset = 16
        while offset + 4 <= end {
            brands.append(String(decoding: bytes[offset..<offset + 4], as: UTF8.self))
            offset += 4
        }
        if brands.contains(where: { $0 == "avif" || $0 == "avis" }) { return .avif }
        if brands.contains(where: { ["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"].contains($0) }) {
            return .heic
        }
        return nil
    }

    /// An SVG document: after an optional byte order mark, white space, XML declaration, comments
    /// and doctype, the first element is `<svg`. Only the first 4 KiB are looked at.
    private static func isSVG(_ bytes: [UInt8]) -> Bool {
        var text = Substring(String(decoding: bytes.prefix(4096), as: UTF8.self).lowercased())
        if text.hasPrefix("\u{FEFF}") { text = text.dropFirst() }
        while true {
            text = text.drop { $0.isWhitespace }
            if text.hasPrefix("<svg") { return true }
            let closing: String
            if text.hasPrefix("<?") {
                closing = "?>"
            } else if text.hasPrefix("<!--") {
                closing = "-->"
            } else if text.hasPrefix("<!") {
                closing = ">"
            } else {
                return false
            }
            guard let end = text.range(of: closing) else { return false }
            text = text[end.upperBound...]
        }
    }
}
