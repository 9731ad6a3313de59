/// The pipeline's hash stage: body bytes in, digests and (for images) PDQ out.
///
/// The body lives only in memory for the length of the call; nothing is written anywhere.
/// A body that is not a decodable image still gets its digests; the reason it has no PDQ is kept.
public struct HashStage: Sendable {
    /// Images whose header declares more pixels than this are refused before decoding.
    public let maxPixels: Int
    public let pdqMode: PDQMode
    /// Also derive the eight rotation and flip hashes (`ImageFacts.dihedral`); they cost no second hash.
    public let dihedral: Bool
    /// Decode JPEGs reduced in the DCT domain and grey: much faster on large photos, within a few bits of
    /// the exact hash (docs/PDQ.md). Off by default, as it no longer reproduces a partner's value bit for bit.
    public let fastDecode: Bool

    public init(maxPixels: Int = 100_000_000, pdqMode: PDQMode = .full, dihedral: Bool = false, fastDecode: Bool = false) {
        self.maxPixels = maxPixels
        self.pdqMode = pdqMode
        self.dihedral = dihedral
        self.fastDecode = fastDecode
    }

    public func hash(_ body: [UInt8]) -> HashedContent {
        let digests = Digests.compute(body)
        let image: Result<ImageFacts, ImageDecodeError>
        do {
            let decoded = try ImageDecoder.decode(body, maxPixels: maxPixels, fastDecode: fastDecode)
            image = .success(facts(decoded))
        } catch {
            image = .failure(error)
        }
        return HashedContent(digests: digests, image: image)
    }

    private func facts(_ decoded: DecodedImage) -> ImageFacts {
        let pdq: PDQResult, variants: [PDQDihedral: PDQHash]?
        if dihedral {
            (pdq, variants) = PDQHasher.hashWithDihedral(decoded.pixels, mode: pdqMode)
        } else {
            (pdq, variants) = (PDQHasher.hash(decoded.pixels, mode: pdqMode), nil)
        }
        return ImageFacts(format: decoded.format, width: decoded.width, height: decoded.height, pdq: pdq,
                          dihedral: variants)
    }
}
