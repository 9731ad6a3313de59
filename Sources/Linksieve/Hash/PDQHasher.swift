/// PDQ, Meta's 256-bit perceptual hash, reproduced bit for bit from the reference (see pdq-algorithm.md).
///
/// Pipeline: float32 luma → two rounds of box blur → 64x64 decimation → quality → 16x16 DCT → median threshold.
public enum PDQHasher {
    /// Sides shorter than this give the all-zero hash with quality 0.
    static let minimumSide = 5

    public static func hash(_ pixels: Pixels, mode: PDQMode = .full) -> PDQResult {
        guard let (coefficients, quality) = dct(pixels, mode: mode, allowShortcut: true) else {
            return PDQResult(hash: PDQHash(limbs: (0, 0, 0, 0)), quality: 0)
        }
        return PDQResult(hash: PDQDCT.hash(coefficients), quality: quality)
    }

    /// The hashes of the eight rotations and flips, each with its own median, derived from one DCT.
    /// They approximate, but do not equal, hashes of the physically transformed image (pdq-algorithm.md §9).
    /// As in the reference, this path always blurs, so for an exactly 64x64 image `.original` can differ
    /// from `hash(_:mode:)`, which skips the blur there.
    public static func dihedralHashes(_ pixels: Pixels, mode: PDQMode = .full) -> [PDQDihedral: PDQHash] {
        guard let (coefficients, _) = dct(pixels, mode: mode, allowShortcut: false) else {
            return Dictionary(uniqueKeysWithValues: PDQDihedral.allCases.map { ($0, PDQHash(limbs: (0, 0, 0, 0))) })
        }
        return coefficients.withUnsafeBufferPointer { b in
            var hashes = [PDQDihedral: PDQHash]()
            for variant in PDQDihedral.allCases {
                var transformed = [Float](repeating: 0, count: 256)
                for r in 0..<16 {
                    for c in 0..<16 { transformed[16 * r + c] = variant.coefficient(b.baseAddress!, row: r, column: c) }
                }
                hashes[variant] = PDQDCT.hash(transformed)
            }
            return hashes
        }
    }

    /// The 16x16 DCT coefficients (row-major) and quality, or nil for images too small to hash.
    static func dct(_ pixels: Pixels, mode: PDQMode, allowShortcut: Bool) -> (coefficients: [Float], quality: Int)? {
        let squash = mode == .referenceCLI && (pixels.width > 512 || pixels.height > 512)
        let rows = squash ? 512 : pixels.height, columns = squash ? 512 : pixels.width
        guard rows >= minimumSide, columns >= minimumSide else { return nil }

        var cells = [Float](repeating: 0, count: 64 * 64)
        cells.withUnsafeMutableBufferPointer { cellBuffer in
            let cells = cellBuffer.baseAddress!
            // Every pass writes each element before it is read, so the large buffers are never zero-filled.
            let image = UnsafeMutablePointer<Float>.allocate(capacity: rows * columns)
            defer { image.deallocate() }
            fillLuma(pixels, into: image, rows: rows, columns: columns)
            if allowShortcut && rows == 64 && columns == 64 {
                cells.update(from: image, count: 64 * 64)
                return
            }
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: rows * columns)
            defer { scratch.deallocate() }
            let columnSums = UnsafeMutablePointer<Float>.allocate(capacity: columns)
            defer { columnSums.deallocate() }
            PDQBoxFilter.blur(image, scratch: scratch, columnSums: columnSums, rows: rows, columns: columns)
            decimate(image, rows: rows, columns: columns, into: cells)
        }
        var coefficients = [Float](repeating: 0, count: 256)
        let quality = cells.withUnsafeBufferPointer { cells in
            coefficients.withUnsafeMutableBufferPointer { b in
                PDQDCT.transform(cells.baseAddress!, into: b.baseAddress!)
            }
            return PDQDCT.quality(cells.baseAddress!)
        }
        return (coefficients, quality)
    }

    /// Float32 luma, Y = (0.299·R + 0.587·G) + 0.114·B with each constant rounded from double as the C++ does;
    /// grey samples are used as they are. In the reference CLI's squash, output row y reads source row
    /// trunc(y·H/512) (double arithmetic), and likewise for columns.
    static func fillLuma(_ pixels: Pixels, into luma: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
        let red = Float(0.299 as Double), green = Float(0.587 as Double), blue = Float(0.114 as Double)
        let width = pixels.width, channels = pixels.channels
        let squashed = rows != pixels.height || columns != pixels.width
        let sourceColumns: [Int] = squashed
            ? (0..<columns).map { Int(Double($0) * Double(pixels.width) / Double(columns)) }
            : Array(0..<columns)
        pixels.samples.withUnsafeBufferPointer { samples in
            let samples = samples.baseAddress!
            sourceColumns.withUnsafeBufferPointer { sourceColumns in
                for y in 0..<rows {
                    let sourceRow = squashed ? Int(Double(y) * Double(pixels.height) / Double(rows)) : y
                    let input = samples + sourceRow * width * channels
                    let output = luma + y * columns
                    if channels == 1 {
                        for x in 0..<columns { output[x] = Float(input[sourceColumns[x]]) }
                    } else if !squashed {
                        for x in 0..<columns {
                            let p = input + 3 * x
                            output[x] = (red * Float(p[0]) + green * Float(p[1])) + blue * Float(p[2])
                        }
                    } else {
                        for x in 0..<columns {
                            let p = input + 3 * sourceColumns[x]
                            output[x] = (red * Float(p[0]) + green * Float(p[1])) + blue * Float(p[2])
                        }
                    }
                }
            }
        }
    }

    /// A[i][j] = blurred[trunc((i + 0.5)·H/64)][trunc((j + 0.5)·W/64)], in double.
    static func decimate(_ image: UnsafePointer<Float>, rows: Int, columns: Int, into cells: UnsafeMutablePointer<Float>) {
        for i in 0..<64 {
            let row = Int((Double(i) + 0.5) * Double(rows) / 64)
            for j in 0..<64 {
                let column = Int((Double(j) + 0.5) * Double(columns) / 64)
                cells[i * 64 + j] = image[row * columns + column]
            }
        }
    }
}
