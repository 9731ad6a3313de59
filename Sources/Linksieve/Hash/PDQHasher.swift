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
            LumaSource.withRows(of: pixels, rows: rows, columns: columns) { lumaRow in
                if allowShortcut && rows == 64 && columns == 64 {
                    for row in 0..<64 { lumaRow(row, cells + row * 64, 1) }
                } else {
                    PDQBoxFilter.blurAndDecimate(rows: rows, columns: columns, lumaRow: lumaRow, into: cells)
                }
            }
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
}
