/// PDQ, Meta's 256-bit perceptual hash, reproduced bit for bit from the reference (see pdq-algorithm.md).
///
/// Pipeline: float32 luma → two rounds of box blur → 64x64 decimation → quality → 16x16 DCT → median threshold.
public enum PDQHasher {
    /// Sides shorter than this give the all-zero hash with quality 0.
    static let minimumSide = 5
    static let zero = PDQHash(limbs: (0, 0, 0, 0))

    public static func hash(_ pixels: Pixels, mode: PDQMode = .full) -> PDQResult {
        guard let (coefficients, quality) = dct(pixels, mode: mode, allowShortcut: true) else {
            return PDQResult(hash: zero, quality: 0)
        }
        return PDQResult(hash: PDQDCT.hash(coefficients), quality: quality)
    }

    /// The hashes of the eight rotations and flips, each with its own median, derived from one DCT.
    /// They approximate, but do not equal, hashes of the physically transformed image (pdq-algorithm.md §9).
    /// As in the reference, this path always blurs, so for an exactly 64x64 image `.original` can differ
    /// from `hash(_:mode:)`, which skips the blur there.
    public static func dihedralHashes(_ pixels: Pixels, mode: PDQMode = .full) -> [PDQDihedral: PDQHash] {
        guard let (coefficients, _) = dct(pixels, mode: mode, allowShortcut: false) else {
            return Dictionary(uniqueKeysWithValues: PDQDihedral.allCases.map { ($0, zero) })
        }
        return dihedral(coefficients)
    }

    /// `hash(_:mode:)` and `dihedralHashes(_:mode:)` together from one pass over the pixels. Only an image
    /// hashed at exactly 64x64, where the two paths differ, is read twice.
    public static func hashWithDihedral(_ pixels: Pixels, mode: PDQMode = .full) -> (result: PDQResult, dihedral: [PDQDihedral: PDQHash]) {
        let (rows, columns) = hashedSize(pixels, mode: mode)
        guard let (coefficients, quality) = dct(pixels, mode: mode, allowShortcut: false) else {
            return (PDQResult(hash: zero, quality: 0), Dictionary(uniqueKeysWithValues: PDQDihedral.allCases.map { ($0, zero) }))
        }
        let variants = dihedral(coefficients)
        let result = rows == 64 && columns == 64
            ? hash(pixels, mode: mode)
            : PDQResult(hash: variants[.original]!, quality: quality)
        return (result, variants)
    }

    private static func dihedral(_ coefficients: [Float]) -> [PDQDihedral: PDQHash] {
        coefficients.withUnsafeBufferPointer { b in
            var hashes = [PDQDihedral: PDQHash]()
            var transformed = [Float](repeating: 0, count: 256)
            for variant in PDQDihedral.allCases {
                for r in 0..<16 {
                    for c in 0..<16 { transformed[16 * r + c] = variant.coefficient(b.baseAddress!, row: r, column: c) }
                }
                hashes[variant] = PDQDCT.hash(transformed)
            }
            return hashes
        }
    }

    /// The size PDQ works on: the reference CLI squashes anything over 512 on a side to 512x512.
    static func hashedSize(_ pixels: Pixels, mode: PDQMode) -> (rows: Int, columns: Int) {
        let squash = mode == .referenceCLI && (pixels.width > 512 || pixels.height > 512)
        return squash ? (512, 512) : (pixels.height, pixels.width)
    }

    /// The 16x16 DCT coefficients (row-major) and quality, or nil for images too small to hash.
    static func dct(_ pixels: Pixels, mode: PDQMode, allowShortcut: Bool) -> (coefficients: [Float], quality: Int)? {
        let (rows, columns) = hashedSize(pixels, mode: mode)
        guard rows >= minimumSide, columns >= minimumSide else { return nil }

        var cells = [Float](repeating: 0, count: 64 * 64)
        cells.withUnsafeMutableBufferPointer { cellBuffer in
            let cells = cellBuffer.baseAddress!
            if allowShortcut && rows == 64 && columns == 64 {
                fillLuma(pixels, into: cells, rows: rows, columns: columns)
                return
            }
            // Every pass writes each element before it is read, so the large buffers are never zero-filled.
            let image = UnsafeMutablePointer<Float>.allocate(capacity: rows * columns)
            defer { image.deallocate() }
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: rows * columns)
            defer { scratch.deallocate() }
            fillLuma(pixels, into: image, rows: rows, columns: columns)
            PDQBoxFilter.blurAndDecimate(image, scratch: scratch, rows: rows, columns: columns, into: cells)
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

    /// f32(0.299)·v, f32(0.587)·v and f32(0.114)·v for every byte v: the same float32 products the luma formula
    /// computes, looked up instead of converted and multiplied per pixel.
    static let lumaProducts: [Float] = {
        let weights = [Float(0.299 as Double), Float(0.587 as Double), Float(0.114 as Double)]
        return weights.flatMap { weight in (0..<256).map { weight * Float($0) } }
    }()

    /// Float32 luma, Y = (0.299·R + 0.587·G) + 0.114·B with each constant rounded from double as the C++ does;
    /// grey samples are used as they are. In the reference CLI's squash, output row y reads source row
    /// trunc(y·H/512) (double arithmetic), and likewise for columns.
    static func fillLuma(_ pixels: Pixels, into luma: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
        let width = pixels.width, channels = pixels.channels
        let squashed = rows != pixels.height || columns != pixels.width
        let sourceColumns: [Int] = squashed
            ? (0..<columns).map { Int(Double($0) * Double(pixels.width) / Double(columns)) }
            : []
        pixels.samples.withUnsafeBufferPointer { samples in
            lumaProducts.withUnsafeBufferPointer { products in
                sourceColumns.withUnsafeBufferPointer { sourceColumns in
                    let samples = samples.baseAddress!
                    let red = products.baseAddress!, green = red + 256, blue = red + 512
                    for y in 0..<rows {
                        let sourceRow = squashed ? Int(Double(y) * Double(pixels.height) / Double(rows)) : y
                        let input = samples + sourceRow * width * channels
                        let output = luma + y * columns
                        switch (channels, squashed) {
                        case (1, false):
                            for x in 0..<columns { output[x] = Float(input[x]) }
                        case (1, true):
                            for x in 0..<columns { output[x] = Float(input[sourceColumns[x]]) }
                        case (_, false):
                            for x in 0..<columns {
                                let p = input + 3 * x
                                output[x] = (red[Int(p[0])] + green[Int(p[1])]) + blue[Int(p[2])]
                            }
                        case (_, true):
                            for x in 0..<columns {
                                let p = input + 3 * sourceColumns[x]
                                output[x] = (red[Int(p[0])] + green[Int(p[1])]) + blue[Int(p[2])]
                            }
                        }
                    }
                }
            }
        }
    }
}
