/// What the hash stage learned from a body that decoded as an image.
public struct ImageFacts: Sendable, Equatable {
    public let format: ImageFormat
    /// The size the image declares, also when the fast path hashed a reduced decode.
    public let width: Int
    public let height: Int
    public let pdq: PDQResult
    /// The eight rotation and flip hashes, derived from the same DCT; nil unless the stage was asked for them.
    public let dihedral: [PDQDihedral: PDQHash]?

    public init(format: ImageFormat, width: Int, height: Int, pdq: PDQResult, dihedral: [PDQDihedral: PDQHash]? = nil) {
        self.format = format
        self.width = width
        self.height = height
        self.pdq = pdq
        self.dihedral = dihedral
    }
}
