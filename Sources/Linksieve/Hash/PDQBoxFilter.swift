/// The Jarosz blur of the PDQ reference: two rounds of a horizontal then a vertical box filter (pdq-algorithm.md §4).
///
/// Each 1-D pass is the reference's float32 running sum, never recomputed, so rounding carries along a row or
/// column exactly as in the C++ code. The vertical pass walks rows and keeps one running sum per column, which
/// does the same float operations per column in the same order while reading memory sequentially.
enum PDQBoxFilter {
    /// Window along a side of `length` samples: ceil(length / 128).
    static func windowSize(_ length: Int) -> Int { (length + 127) / 128 }

    /// Blurs `image` (rows x columns) in place; `scratch` has the same size, `columnSums` holds `columns` floats.
    static func blur(
        _ image: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>,
        columnSums: UnsafeMutablePointer<Float>, rows: Int, columns: Int
    ) {
        let alongRows = windowSize(columns), alongColumns = windowSize(rows)
        for _ in 0..<2 {
            for row in 0..<rows {
                boxRow(image + row * columns, scratch + row * columns, length: columns, window: alongRows)
            }
            boxColumns(scratch, image, sums: columnSums, rows: rows, columns: columns, window: alongColumns)
        }
    }

    /// One row: the mean of x[i-(w-h) ... i+h-1] clipped to the row, with h = (w+2)/2.
    static func boxRow(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, length: Int, window: Int) {
        let half = (window + 2) / 2
        var sum: Float = 0
        var count = 0
        var right = 0, left = 0, out = 0
        for _ in 0..<(half - 1) {
            sum += x[right]
            count += 1
            right += 1
        }
        for _ in 0..<(window - half + 1) {
            sum += x[right]
            count += 1
            y[out] = sum / Float(count)
            right += 1
            out += 1
        }
        let full = Float(count)
        for _ in 0..<(length - window) {
            sum += x[right]
            sum -= x[left]
            y[out] = sum / full
            left += 1
            right += 1
            out += 1
        }
        for _ in 0..<(half - 1) {
            sum -= x[left]
            count -= 1
            y[out] = sum / Float(count)
            left += 1
            out += 1
        }
    }

    /// Every column at once, with the same phases as `boxRow`.
    static func boxColumns(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, sums: UnsafeMutablePointer<Float>,
        rows: Int, columns: Int, window: Int
    ) {
        sums.update(repeating: 0, count: columns)
        let half = (window + 2) / 2
        var count = 0
        var right = 0, left = 0, out = 0
        for _ in 0..<(half - 1) {
            let incoming = x + right * columns
            for c in 0..<columns { sums[c] += incoming[c] }
            count += 1
            right += 1
        }
        for _ in 0..<(window - half + 1) {
            let incoming = x + right * columns, output = y + out * columns
            count += 1
            let divisor = Float(count)
            for c in 0..<columns {
                sums[c] += incoming[c]
                output[c] = sums[c] / divisor
            }
            right += 1
            out += 1
        }
        let full = Float(count)
        for _ in 0..<(rows - window) {
            let incoming = x + right * columns, outgoing = x + left * columns, output = y + out * columns
            for c in 0..<columns {
                sums[c] += incoming[c]
                sums[c] -= outgoing[c]
                output[c] = sums[c] / full
            }
            left += 1
            right += 1
            out += 1
        }
        for _ in 0..<(half - 1) {
            let outgoing = x + left * columns, output = y + out * columns
            count -= 1
            let divisor = Float(count)
            for c in 0..<columns {
                sums[c] -= outgoing[c]
                output[c] = sums[c] / divisor
            }
            left += 1
            out += 1
        }
    }
}
