/// The hash stage's output for one body: digests always, image facts when it decoded.
///
/// Only values derived from the bytes; the bytes themselves are not kept.
public struct HashedContent: Sendable {
    public let digests: ContentDigests
    public let image: Result<ImageFacts, ImageDecodeError>

    public init(digests: ContentDigests, image: Result<ImageFacts, ImageDecodeError>) {
        self.digests = digests
        self.image = image
    }
}
