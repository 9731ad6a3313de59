import Testing
@testable import Linksieve

@Suite("Hash stage")
struct HashStageTests {
    @Test("an image body gets digests, format, size and the PDQ of its decoded pixels")
    func imageBody() throws {
        let picture = SyntheticImage.make(seed: 3, width: 200, height: 150)
        let body = ImageEncoder.png(picture)
        let content = HashStage().hash(body)
        #expect(content.digests == Digests.compute(body))
        let facts = try content.image.get()
        #expect(facts == ImageFacts(format: .png, width: 200, height: 150, pdq: PDQHasher.hash(picture)))
    }

    @Test("a non-image body keeps its digests and says why it has no PDQ")
    func nonImageBody() {
        let body = Array("<html>not found</html>".utf8)
        let content = HashStage().hash(body)
        #expect(content.digests == Digests.compute(body))
        #expect(throws: ImageDecodeError.notAnImage) { try content.image.get() }
    }

    @Test("the pixel cap and the PDQ mode are applied")
    func configuration() throws {
        let picture = SyntheticImage.make(seed: 5, width: 600, height: 400)
        let body = ImageEncoder.png(picture)
        #expect(throws: ImageDecodeError.tooLarge(width: 600, height: 400)) {
            try HashStage(maxPixels: 239_999).hash(body).image.get()
        }
        let reference = try HashStage(maxPixels: 240_000, pdqMode: .referenceCLI).hash(body).image.get()
        #expect(reference.pdq == PDQHasher.hash(picture, mode: .referenceCLI))
    }

    @Test("the reason names are stable")
    func reasons() {
        #expect(ImageDecodeError.notAnImage.reason == "not-an-image")
        #expect(ImageDecodeError.undecodable("x").reason == "undecodable")
        #expect(ImageDecodeError.tooLarge(width: 1, height: 2).reason == "too-large")
    }
}
