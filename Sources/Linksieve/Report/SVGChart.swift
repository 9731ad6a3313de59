/// Inline SVG charts for report.html: drawn as markup in the page, so the report is one file
/// that opens anywhere with no script and nothing fetched.
enum SVGChart {
    /// Horizontal bars, one per (label, count), longest first as given.
    static func bars(_ items: [(String, Int)], width: Int = 520) -> String {
        guard !items.isEmpty else { return "<p class=\"none\">none</p>" }
        let rowHeight = 22
        let labelWidth = 190
        let barSpace = width - labelWidth - 70
        let largest = max(items.map(\.1).max() ?? 1, 1)
        var svg = "<svg class=\"chart\" role=\"img\" width=\"\(width)\" height=\"\(items.count * rowHeight + 4)\" "
            + "viewBox=\"0 0 \(width) \(items.count * rowHeight + 4)\" xmlns=\"http://www.w3.org/2000/svg\">"
        for (index, (label, count)) in items.enumerated() {
            let y = index * rowHeight + 2
            let length = count == 0 ? 0 : max(2, barSpace * count / largest)
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 15)\" text-anchor=\"end\">\(HTMLText.escape(label))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(length)\" height=\"\(rowHeight - 6)\" class=\"bar\"/>"
            svg += "<text x=\"\(labelWidth + length + 6)\" y=\"\(y + 15)\">\(count)</text>"
        }
        return svg + "</svg>"
    }

    /// Columns over 0…`upTo` (every distance shown, empty ones too), for the PDQ distance histogram.
    static func histogram(_ counts: [Int: Int], upTo last: Int, width: Int = 560, height: Int = 160) -> String {
        let bins = max(last, counts.keys.max() ?? 0) + 1
        let largest = max(counts.values.max() ?? 1, 1)
        let plotHeight = height - 34
        let columnWidth = max(4, (width - 40) / bins)
        var svg = "<svg class=\"chart\" role=\"img\" width=\"\(width)\" height=\"\(height)\" "
            + "viewBox=\"0 0 \(width) \(height)\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<line x1=\"30\" y1=\"\(plotHeight + 2)\" x2=\"\(30 + bins * columnWidth)\" y2=\"\(plotHeight + 2)\" class=\"axis\"/>"
        for distance in 0..<bins {
            let count = counts[distance] ?? 0
            let x = 30 + distance * columnWidth
            let barHeight = count == 0 ? 0 : max(2, plotHeight * count / largest)
            svg += "<rect x=\"\(x + 1)\" y=\"\(plotHeight + 2 - barHeight)\" width=\"\(columnWidth - 2)\" "
                + "height=\"\(barHeight)\" class=\"bar\"><title>distance \(distance): \(count)</title></rect>"
            if distance % 4 == 0 || distance == bins - 1 {
                svg += "<text x=\"\(x + columnWidth / 2)\" y=\"\(plotHeight + 18)\" text-anchor=\"middle\">\(distance)</text>"
            }
        }
        svg += "<text x=\"26\" y=\"12\" text-anchor=\"end\">\(largest)</text>"
        svg += "<text x=\"\(30 + bins * columnWidth / 2)\" y=\"\(height - 2)\" text-anchor=\"middle\">Hamming distance</text>"
        return svg + "</svg>"
    }
}
