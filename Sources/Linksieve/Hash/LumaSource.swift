/// The float32 luma PDQ hashes, produced one row at a time so no full-size float image is ever stored.
///
/// Y = (f32(0.299)·R + f32(0.587)·G) + f32(0.114)·B, each constant rounded from double as the C++ does; grey
/// samples are used as they are (pdq-algorithm.md §2). The products come from per-byte tables holding exactly the
/// float32 products the formula computes. In the reference CLI's squash, output row y reads source row
/// trunc(y·H/512) (double arithmetic), and likewise for columns (§1).
enum LumaSource {
    /// f32(0.299)·v, f32(0.587)·v and f32(0.114)·v for every byte v, one table after the other.
    static let products: [Float] = {
        let weights = [Float(0.299 as Double), Float(0.587 as Double), Float(0.114 as Double)]
        return weights.flatMap { weight in (0..<256).map { weight * Float($0) } }
    }()

    /// Calls `body` with a function writing luma row y of the rows x columns image to destination[k·stride].
    static func withRows<Result>(
        of pixels: Pixels, rows: Int, columns: Int,
        _ body: ((Int, UnsafeMutablePointer<Float>, Int) -> Void) -> Result
    ) -> Result {
        let width = pixels.width, height = pixels.height, channels = pixels.channels
        let squashed = rows != height || columns != width
        let sourceColumns: [Int] = squashed ? (0..<columns).map { Int(Double($0) * Double(width) / Double(columns)) } : []
        return pixels.samples.withUnsafeBufferPointer { samples in
            products.withUnsafeBufferPointer { products in
                sourceColumns.withUnsafeBufferPointer { sourceColumns in
                    let samples = samples.baseAddress!
                    let red = products.baseAddress!, green = red + 256, blue = red + 512
                    return body { y, output, stride in
                        let sourceRow = squashed ? Int(Double(y) * Double(height) / Double(rows)) : y
                        let input = samples + sourceRow * width * channels
                        switch (channels, squashed) {
                        case (1, false):
                            for x in 0..<columns { output[x * stride] = Float(input[x]) }
                        case (1, true):
                            for x in 0..<columns { output[x * stride] = Float(input[sourceColumns[x]]) }
                        case (_, false):
                            for x in 0..<columns {
                                let p = input + 3 * x
                                output[x * stride] = (red[Int(p[0])] + green[Int(p[1])]) + blue[Int(p[2])]
                            }
                        case (_, true):
                            for x in 0..<columns {
                                let p = input + 3 * sourceColumns[x]
                                output[x * stride] = (red[Int(p[0])] + green[Int(p[1])]) + blue[Int(p[2])]
                            }
                        }
                    }
                }
            }
        }
    }
}
