import Linksieve

/// Two 256-bit PDQ hashes drawn as 16×16 grids of bits in inline SVG, with the bits where they
/// differ outlined, so a reviewer sees how far apart they are rather than only reading a number.
/// Bits are laid out as `PDQComparison` numbers them: bit 16·u + v at row u, column v.
enum HashGrid {
    static let cell = 12

    /// One grid: set bits dark, clear bits light, bits that differ from `other` outlined in red.
    static func svg(_ bits: [Bool], comparedWith other: [Bool], title: String) -> String {
        let size = cell * 16
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(size)\" height=\"\(size)\" "
            + "viewBox=\"0 0 \(size) \(size)\" role=\"img\" aria-label=\"\(HTMLText.escape(title))\">"
        for index in 0..<min(bits.count, 256) {
            let x = index % 16 * cell, y = index / 16 * cell
            let fill = bits[index] ? "#24303c" : "#e4e8ec"
            if bits[index] != other[index] {
                svg += "<rect class=\"diff\" x=\"\(x + 1)\" y=\"\(y + 1)\" width=\"\(cell - 2)\" height=\"\(cell - 2)\" "
                    + "fill=\"\(fill)\" stroke=\"#d42020\" stroke-width=\"2\"/>"
            } else {
                svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell)\" height=\"\(cell)\" fill=\"\(fill)\" stroke=\"#fff\" stroke-width=\"0.5\"/>"
            }
        }
        return svg + "</svg>"
    }

    /// Both grids side by side with their captions and the count of differing bits.
    static func pair(_ comparison: PDQComparison) -> String {
        let observed = comparison.observedBits, entry = comparison.entryBits
        return """
            <div class="grids"><figure>\(svg(observed, comparedWith: entry, title: "observed PDQ hash"))\
            <figcaption>Observed (this row)</figcaption></figure>\
            <figure>\(svg(entry, comparedWith: observed, title: "list entry PDQ hash"))\
            <figcaption>List entry</figcaption></figure></div>\
            <p><strong>\(comparison.differingBits.count)</strong> of 256 bits differ (outlined in red).</p>
            """
    }
}
