import Testing
@testable import Linksieve

@Suite("HashMatcher")
struct HashMatcherTests {
    private static func list(_ name: String, _ entries: [(HashAlgorithm, String, String)]) throws -> HashList {
        HashList(
            name: name, path: "/lists/" + name, sha256: String(repeating: "0", count: 64),
            entries: try entries.map { algorithm, value, label in
                HashListEntry(algorithm: algorithm, value: try algorithm.canonicalValue(value), label: label, category: "demo")
            })
    }

    private let zeroPDQ = PDQHash(limbs: (0, 0, 0, 0))

    @Test("matches a URL exactly after normalisation, by its SHA-256, and by host or parent domain")
    func matchesURLs() throws {
        let url = try URLNormalizer.normalize("HTTP://A.B.Example.com:80/x/../img.jpg#f")
        let digest = URLNormalizer.sha256Hex(of: url)
        let matcher = HashMatcher(lists: [
            try Self.list("first.csv", [
                (.domain, "example.com", "parent"), (.url, "http://a.b.example.com/img.jpg", "exact"),
                (.domain, "badexample.com", "lookalike"), (.domain, "a.b.example.com", "host"),
            ]),
            try Self.list("second.csv", [(.urlSHA256, digest, "by-hash"), (.url, "http://a.b.example.com/other.jpg", "other")]),
        ])
        let matches = matcher.match(url: url)
        #expect(matches.map(\.label) == ["exact", "host", "parent", "by-hash"])
        #expect(matches.map(\.list) == ["first.csv", "first.csv", "first.csv", "second.csv"])
        #expect(matches.allSatisfy { $0.stage == .url && $0.distance == nil && $0.category == "demo" })
        #expect(matches[0] == Match(
            stage: .url, algorithm: .url, list: "first.csv", label: "exact", category: "demo",
            entry: "http://a.b.example.com/img.jpg", observed: "http://a.b.example.com/img.jpg", distance: nil))
        #expect(matches[2].entry == "example.com")
        #expect(matches[2].observed == "a.b.example.com")
        #expect(matches[3].observed == digest)
    }

    @Test("a domain entry does not match a host that merely ends with the same letters")
    func domainBoundary() throws {
        let matcher = HashMatcher(lists: [try Self.list("l.csv", [(.domain, "example.com", "d")])])
        #expect(matcher.match(url: try URLNormalizer.normalize("http://badexample.com/")).isEmpty)
        #expect(matcher.match(url: try URLNormalizer.normalize("http://example.com.evil.net/")).isEmpty)
        #expect(matcher.match(url: try URLNormalizer.normalize("http://EXAMPLE.com./")).count == 1)
        #expect(HashMatcher.domainAndParents(of: "a.b.example.com") == ["a.b.example.com", "b.example.com", "example.com", "com"])
        #expect(HashMatcher.domainAndParents(of: "10.0.0.1") == ["10.0.0.1"])
        #expect(HashMatcher.domainAndParents(of: "2001:db8::1") == ["2001:db8::1"])
    }

    @Test("matches MD5, SHA-1 and SHA-256 digests exactly")
    func matchesDigests() throws {
        let md5 = "d41d8cd98f00b204e9800998ecf8427e"
        let sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709"
        let sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        let matcher = HashMatcher(lists: [
            try Self.list("a.csv", [(.sha256, sha256.uppercased(), "s256"), (.md5, md5, "m5")]),
            try Self.list("b.csv", [(.sha1, sha1, "s1"), (.md5, String(repeating: "0", count: 32), "other")]),
        ])
        let matches = matcher.match(digests: ContentDigests(md5: md5, sha1: sha1, sha256: sha256))
        #expect(matches.map(\.label) == ["m5", "s256", "s1"])
        #expect(matches.map(\.algorithm) == [.md5, .sha256, .sha1])
        #expect(matches.allSatisfy { $0.stage == .bytes && $0.observed == $0.entry && $0.distance == nil })
        let none = ContentDigests(md5: String(repeating: "1", count: 32), sha1: String(repeating: "1", count: 40), sha256: sha1 + sha1)
        #expect(matcher.match(digests: none).isEmpty)
    }

    @Test("matches PDQ within the threshold: distance 31 matches, 32 does not; nearest first")
    func matchesPDQ() throws {
        let at31 = PDQHash(limbs: (0x7FFF_FFFF, 0, 0, 0))
        let at32 = PDQHash(limbs: (0, 0, 0xFFFF_FFFF, 0))
        let at5 = PDQHash(limbs: (0, 0, 0, 0x1F << 59))
        let matcher = HashMatcher(lists: [
            try Self.list("a.csv", [(.pdq, at31.hex, "d31"), (.pdq, at32.hex, "d32")]),
            try Self.list("b.csv", [(.pdq, at5.hex, "d5"), (.pdq, zeroPDQ.hex, "d0")]),
        ])
        let matches = matcher.match(pdq: zeroPDQ, threshold: 31)
        #expect(matches.map(\.label) == ["d0", "d5", "d31"])
        #expect(matches.map(\.distance) == [0, 5, 31])
        #expect(matches.allSatisfy { $0.stage == .pixels && $0.algorithm == .pdq && $0.observed == zeroPDQ.hex })
        #expect(matches[2].entry == at31.hex)
        #expect(matcher.match(pdq: zeroPDQ, threshold: 32).map(\.label) == ["d0", "d5", "d31", "d32"])
        #expect(matcher.match(pdq: at32, threshold: 0).map(\.label) == ["d32"])
    }

    @Test("PhotoDNA entries are counted but never matched")
    func photoDNANeverMatches() throws {
        let list = try Self.list("p.csv", [(.photoDNA, "AAEC", "pdna"), (.md5, "d41d8cd98f00b204e9800998ecf8427e", "m")])
        #expect(list.counts[.photoDNA] == 1)
        let matcher = HashMatcher(lists: [list])
        let digests = ContentDigests(md5: "AAEC", sha1: "AAEC", sha256: "AAEC")
        #expect(matcher.match(digests: digests).isEmpty)
    }

    @Test("an empty set of lists matches nothing")
    func emptyLists() throws {
        let matcher = HashMatcher(lists: [])
        #expect(matcher.match(url: try URLNormalizer.normalize("http://example.com/")).isEmpty)
        #expect(matcher.match(pdq: zeroPDQ, threshold: 256).isEmpty)
    }
}
