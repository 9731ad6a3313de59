/// What the hash stage learned from a body that decoded as an image.
public struct ImageFacts: Sendable, Equatable {
    public let format: ImageFormat
    public let width: Int
    public let height: Int
    public let pdq: PDQResult

    public init(format: ImageFormat, width: Int, height: Int, pdq: PDQResult) {
        self.format = format
        self.width = width
        self.height = height
        self.pdq = pdq
    }
}
