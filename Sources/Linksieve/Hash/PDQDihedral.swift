/// The eight rotations and flips of an image whose PDQ hashes can be derived from one DCT (pdq-algorithm.md §9).
///
/// Raw values are the reference CLI's column names.
public enum PDQDihedral: String, Sendable, CaseIterable {
    case original = "orig"
    /// Image turned 90° counter-clockwise.
    case rotate90 = "rot90"
    case rotate180 = "rot180"
    /// Image turned 90° clockwise.
    case rotate270 = "rot270"
    /// Top and bottom swapped.
    case flipX = "flipx"
    /// Left and right mirrored.
    case flipY = "flipy"
    /// Transposed about the main diagonal.
    case flipPlus1 = "flipp"
    /// Transposed about the anti-diagonal.
    case flipMinus1 = "flipm"

    /// Coefficient (row, column) of this variant's 16x16 DCT, taken from the original's DCT `b`.
    /// Mirroring an axis multiplies frequency f by (-1)^f; index i holds frequency i + 1.
    func coefficient(_ b: UnsafePointer<Float>, row r: Int, column c: Int) -> Float {
        let evenRowFrequency = r % 2 == 1, evenColumnFrequency = c % 2 == 1
        switch self {
        case .original: return b[16 * r + c]
        case .rotate90: return evenRowFrequency ? b[16 * c + r] : -b[16 * c + r]
        case .rotate180: return evenRowFrequency == evenColumnFrequency ? b[16 * r + c] : -b[16 * r + c]
        case .rotate270: return evenColumnFrequency ? b[16 * c + r] : -b[16 * c + r]
        case .flipX: return evenRowFrequency ? b[16 * r + c] : -b[16 * r + c]
        case .flipY: return evenColumnFrequency ? b[16 * r + c] : -b[16 * r + c]
        case .flipPlus1: return b[16 * c + r]
        case .flipMinus1: return evenRowFrequency == evenColumnFrequency ? b[16 * c + r] : -b[16 * c + r]
        }
    }
}
