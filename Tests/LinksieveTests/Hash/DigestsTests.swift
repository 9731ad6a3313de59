import Testing
@testable import Linksieve

@Suite("Digests")
struct DigestsTests {
    @Test("MD5, SHA-1 and SHA-256 of \"abc\" are the FIPS/RFC test vectors")
    func abc() {
        let digests = Digests.compute(Array("abc".utf8))
        #expect(digests.md5 == "900150983cd24fb0d6963f7d28e17f72")
        #expect(digests.sha1 == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(digests.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("an empty body has the empty-input digests")
    func empty() {
        let digests = Digests.compute([])
        #expect(digests.md5 == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(digests.sha1 == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(digests.sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("a million 'a' bytes, fed in many chunks, gives the long-message vectors")
    func millionA() {
        let digests = Digests.compute([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
        #expect(digests.md5 == "7707d6ae4e027c70eea2a935c2296f21")
        #expect(digests.sha1 == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
        #expect(digests.sha256 == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
