/// Byte-level pieces of list lines: trimming and the `hex,quality` shape of PDQ lists.
enum ListBytes {
    /// `bytes` without leading and trailing spaces, tabs, CR and LF.
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = bytes.count
        while start < end, ASCIIText.isSpace(bytes[start]) { start += 1 }
        while end > start, ASCIIText.isSpace(bytes[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// The hash digits and the quality of a trimmed `hex,quality` or `hex quality` line (spaces or tabs
    /// around the comma allowed), or nil if the line has another shape. The quality is 0…100.
    static func pdqWithQuality(
        _ text: UnsafeBufferPointer<UInt8>
    ) -> (hex: UnsafeBufferPointer<UInt8>, quality: Int)? {
        guard text.count > 65 else { return nil }
        var i = 64
        var separators = 0
        var commas = 0
        while i < text.count, text[i] == 0x20 || text[i] == 0x09 || text[i] == UInt8(ascii: ",") {
            if text[i] == UInt8(ascii: ",") { commas += 1 }
            separators += 1
            i += 1
        }
        guard separators > 0, commas <= 1, i < text.count, text.count - i <= 3 else { return nil }
        var quality = 0
        for j in i..<text.count {
            guard ASCIIText.isDigit(text[j]) else { return nil }
            quality = quality * 10 + Int(text[j] - 0x30)
        }
        let hex = UnsafeBufferPointer(rebasing: text[0..<64])
        guard quality <= 100, hex.allSatisfy({ ASCIIText.hexValue($0) != nil }) else { return nil }
        return (hex, quality)
    }

    /// Whether the line starts with `http://` or `https://`, in any case.
    static func startsWithHTTPScheme(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let lower = text.prefix(8).map { $0 | 0x20 }
        return lower.starts(with: Array("http://".utf8)) || lower.starts(with: Array("https://".utf8))
    }
}
