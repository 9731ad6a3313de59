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

    @Test("dihedral hashes are computed only when asked, from the same DCT as the hash")
    func dihedral() throws {
        let picture = SyntheticImage.make(seed: 6, width: 300, height: 200)
        let body = ImageEncoder.png(picture)
        #expect(try HashStage().hash(body).image.get().dihedral == nil)
        let facts = try HashStage(pdqMode: .referenceCLI, dihedral: true).hash(body).image.get()
        #expect(facts.dihedral == PDQHasher.dihedralHashes(picture, mode: .referenceCLI))
        #expect(facts.pdq == PDQHasher.hash(picture, mode: .referenceCLI))
    }

    @Test("at exactly 64x64 the hash keeps the unblurred shortcut while the dihedral set is blurred")
    func dihedralAt64() throws {
        let picture = SyntheticImage.make(seed: 10, width: 64, height: 64)
        let (result, variants) = PDQHasher.hashWithDihedral(picture)
        #expect(result == PDQHasher.hash(picture))
        #expect(variants == PDQHasher.dihedralHashes(picture))
    }

    @Test("the fast path reports the declared size and only applies to large JPEGs")
    func fastDecode() throws {
        let picture = SyntheticImage.make(seed: 7, width: 1040, height: 1030)
        let jpeg = ImageEncoder.jpeg(picture, quality: 90)
        let fast = try HashStage(fastDecode: true).hash(jpeg).image.get()
        #expect(fast.format == .jpeg && fast.width == 1040 && fast.height == 1030)
        #expect(fast.pdq.hash.distance(to: try HashStage().hash(jpeg).image.get().pdq.hash) <= 6)
        let png = ImageEncoder.png(picture)
        #expect(try HashStage(fastDecode: true).hash(png).image.get() == HashStage().hash(png).image.get())
    }

    @Test("the reason names are stable")
    func reasons() {
        #expect(ImageDecodeError.notAnImage.reason == "not-an-image")
        #expect(ImageDecodeError.undecodable("x").reason == "undecodable")
        #expect(ImageDecodeError.tooLarge(width: 1, height: 2).reason == "too-large")
    }
}
