/// The pipeline's hash stage: body bytes in, digests and (for images) PDQ out.
///
/// The body lives only in memory for the length of the call; nothing is written anywhere.
/// A body that is not a decodable image still gets its digests; the reason it has no PDQ is kept.
public struct HashStage: Sendable {
    /// Images whose header declares more pixels than this are refused before decoding.
    public let maxPixels: Int
    public let pdqMode: PDQMode

    public init(maxPixels: Int = 100_000_000, pdqMode: PDQMode = .full) {
        self.maxPixels = maxPixels
        self.pdqMode = pdqMode
    }

    public func hash(_ body: [UInt8]) -> HashedContent {
        let digests = Digests.compute(body)
        let image: Result<ImageFacts, ImageDecodeError>
        do {
            let (format, pixels) = try ImageDecoder.decode(body, maxPixels: maxPixels)
            image = .success(ImageFacts(format: format, width: pixels.width, height: pixels.height,
                                        pdq: PDQHasher.hash(pixels, mode: pdqMode)))
        } catch {
            image = .failure(error)
        }
        return HashedContent(digests: digests, image: image)
    }
}
