@testable import Linksieve

/// PDQ's luma, blur and decimation written the plain way, straight from pdq-algorithm.md §1–5: full-size float
/// buffers, one scalar running sum per row and per column. It checks the streamed, lane-parallel hasher on image
/// shapes the reference vectors lack; DCT, quality and bits are shared with the hasher.
enum PlainPDQ {
    static func hash(_ pixels: Pixels, mode: PDQMode) -> PDQResult {
        let squash = mode == .referenceCLI && (pixels.width > 512 || pixels.height > 512)
        let rows = squash ? 512 : pixels.height, columns = squash ? 512 : pixels.width
        guard rows >= 5, columns >= 5 else { return PDQResult(hash: PDQHash(limbs: (0, 0, 0, 0)), quality: 0) }
        var image = [Float](repeating: 0, count: rows * columns)
        let (red, green, blue) = (Float(0.299 as Double), Float(0.587 as Double), Float(0.114 as Double))
        for y in 0..<rows {
            let sourceY = squash ? Int(Double(y) * Double(pixels.height) / Double(rows)) : y
            for x in 0..<columns {
                let sourceX = squash ? Int(Double(x) * Double(pixels.width) / Double(columns)) : x
                let p = (sourceY * pixels.width + sourceX) * pixels.channels
                let s = pixels.samples
                image[y * columns + x] = pixels.channels == 1
                    ? Float(s[p])
                    : (red * Float(s[p]) + green * Float(s[p + 1])) + blue * Float(s[p + 2])
            }
        }
        var cells = [Float](repeating: 0, count: 64 * 64)
        if rows == 64 && columns == 64 {
            cells = image
        } else {
            var scratch = image
            let windowAlongRows = (columns + 127) / 128, windowAlongColumns = (rows + 127) / 128
            for _ in 0..<2 {
                for y in 0..<rows {
                    box(image, from: y * columns, step: 1, count: columns, window: windowAlongRows, into: &scratch)
                }
                for x in 0..<columns {
                    box(scratch, from: x, step: columns, count: rows, window: windowAlongColumns, into: &image)
                }
            }
            for i in 0..<64 {
                let y = Int((Double(i) + 0.5) * Double(rows) / 64)
                for j in 0..<64 { cells[i * 64 + j] = image[y * columns + Int((Double(j) + 0.5) * Double(columns) / 64)] }
            }
        }
        var coefficients = [Float](repeating: 0, count: 256)
        cells.withUnsafeBufferPointer { a in
            coefficients.withUnsafeMutableBufferPointer { PDQDCT.transform(a.baseAddress!, into: $0.baseAddress!) }
        }
        let quality = cells.withUnsafeBufferPointer { PDQDCT.quality($0.baseAddress!) }
        return PDQResult(hash: PDQDCT.hash(coefficients), quality: quality)
    }

    /// One 1-D pass as §4 lists its steps: add h-1 samples, then add-and-write, then add, subtract and write,
    /// then subtract-and-write, dividing by the count of samples summed.
    static func box(_ x: [Float], from start: Int, step: Int, count: Int, window: Int, into y: inout [Float]) {
        let half = (window + 2) / 2
        var sum: Float = 0, n = 0, right = 0, left = 0, out = 0
        func at(_ i: Int) -> Int { start + i * step }
        for _ in 0..<(half - 1) { sum += x[at(right)]; n += 1; right += 1 }
        for _ in 0..<(window - half + 1) { sum += x[at(right)]; n += 1; y[at(out)] = sum / Float(n); right += 1; out += 1 }
        for _ in 0..<(count - window) {
            sum += x[at(right)]
            sum -= x[at(left)]
            y[at(out)] = sum / Float(window)
            left += 1; right += 1; out += 1
        }
        for _ in 0..<(half - 1) { sum -= x[at(left)]; n -= 1; y[at(out)] = sum / Float(n); left += 1; out += 1 }
    }
}
