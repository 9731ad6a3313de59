import Foundation
import Testing
@testable import Linksieve

/// The partner layouts beside the native CSV: digest lines, tables with a header, PDQ hex,quality lines, URL lines.
@Suite("HashListLoader importers")
struct HashListImporterTests {
    static let md5 = "d41d8cd98f00b204e9800998ecf8427e"
    static let sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709"
    static let sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    static let pdq = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"

    private func load(_ text: String, name: String = "list.txt", gzip: Bool = false, algorithm: HashAlgorithm? = nil) throws -> HashList {
        let folder = try TemporaryDirectory()
        let path = try folder.write(name, text, gzip: gzip)
        return try HashListLoader.loadList(path: path, defaultAlgorithm: algorithm)
    }

    private func error(_ text: String, name: String = "list.txt", algorithm: HashAlgorithm? = nil) throws -> (String, String) {
        let folder = try TemporaryDirectory()
        let path = try folder.write(name, text)
        let error = #expect(throws: HashListError.self) { try HashListLoader.loadList(path: path, defaultAlgorithm: algorithm) }
        return (path, error?.description ?? "")
    }

    @Test("one digest per line: algorithm, label and category from # lines, merged duplicates, CRLF and a BOM")
    func digestLines() throws {
        let list = try load("\u{FEFF}# partner list\r\n# algorithm: MD5\r\n# label: partner-a\r\n# category: c1\r\n\r\n"
            + "\(Self.md5.uppercased())\r\n  00000000000000000000000000000001 \r\n\(Self.md5)\r\n")
        #expect(list.format == .lines)
        #expect(list.counts == [.md5: 2])
        #expect(list.duplicates == 1)
        #expect(list.entries == [
            HashListEntry(algorithm: .md5, value: "00000000000000000000000000000001", label: "partner-a", category: "c1"),
            HashListEntry(algorithm: .md5, value: Self.md5, label: "partner-a", category: "c1"),
        ])
    }

    @Test("32 and 40 hex digits say md5 and sha1; URLs say url; --list-algorithm names the rest")
    func inferredAlgorithms() throws {
        #expect(try load("\(Self.md5)\n").counts == [.md5: 1])
        #expect(try load("\(Self.sha1)\n").counts == [.sha1: 1])
        let urls = try load("HTTPS://Example.com/a,1.jpg\nhttp://example.com:80/b/../c.png\n")
        #expect(urls.format == .lines)
        #expect(urls.entries.map(\.value) == ["http://example.com/c.png", "https://example.com/a,1.jpg"])
        #expect(try load("\(Self.sha256)\n", algorithm: .sha256).counts == [.sha256: 1])
        #expect(try load("\(Self.sha256)\n", algorithm: .urlSHA256).counts == [.urlSHA256: 1])
        #expect(try load("# algorithm: pdq\n\(Self.pdq)\n", algorithm: .sha256).counts == [.pdq: 1])
        #expect(try load("# algorithm: domain\nExample.ORG.\n").entries.map(\.value) == ["example.org"])
    }

    @Test("a 64-digit line without a named algorithm is an error, never a guess")
    func ambiguousDigests() throws {
        let (path, message) = try error("# a list\n\(Self.sha256)\n")
        #expect(message.hasPrefix("\(path):2: "))
        #expect(message.contains("sha256, url-sha256 or pdq"))
        #expect(!message.contains(Self.sha256))
    }

    @Test("a bad line names file and line, also past the first read chunk and in a gzip list")
    func badLineFarIn() throws {
        var text = "# algorithm: md5\n"
        for i in 0..<40_000 { text += String(format: "%032x\n", i) }
        text += "0123\n"
        let folder = try TemporaryDirectory()
        let path = try folder.write("big.txt.gz", text, gzip: true)
        let error = #expect(throws: HashListError.self) { try HashListLoader.loadList(path: path) }
        #expect(error?.description.hasPrefix("\(path):40002: a md5 value is 32 hex digits (found 4 characters)") == true,
                "\(String(describing: error))")
        let good = try load(String(text.dropLast(5)), name: "good.txt.gz", gzip: true)
        #expect(good.counts == [.md5: 40_000])
    }

    @Test("Meta's PDQ lines: hex,quality and hex quality")
    func pdqQuality() throws {
        let other = String(Self.pdq.reversed())
        let list = try load("# from pdq-photo-hasher\n\(Self.pdq.uppercased()),100\n\(other) 49\n\(Self.pdq)\t, 3\n")
        #expect(list.format == .pdqQuality)
        #expect(list.counts == [.pdq: 2])
        #expect(list.duplicates == 1)
        var (path, message) = try error("\(Self.pdq),100\n\(Self.pdq),101\n")
        #expect(message.hasPrefix("\(path):2: expected a pdq hash and its quality"))
        (path, message) = try error("\(Self.pdq),100\n\(Self.pdq)\n")
        #expect(message.hasPrefix("\(path):2: "))
        (path, message) = try error("# algorithm: sha256\n\(Self.pdq),100\n")
        #expect(message.hasPrefix("\(path):2: ") && message.contains("pdq list"))
    }

    @Test("a file of bare PDQ hex lines (as Meta ships haystack.txt) loads as a pdq list once the algorithm is named")
    func bareHexLines() throws {
        var random = SplitMix64(seed: 1350)
        var hashes = (0..<1_000).map { _ in PDQHash(limbs: (random.next(), random.next(), random.next(), random.next())).hex }
        hashes += hashes.prefix(50)
        let folder = try TemporaryDirectory()
        let path = try folder.write("haystack.txt", hashes.joined(separator: "\n") + "\n")
        #expect(throws: HashListError.self) { try HashListLoader.loadList(path: path) }
        let list = try HashListLoader.loadList(path: path, defaultAlgorithm: .pdq)
        #expect(list.entryCount == 1_000 && list.duplicates == 50)
        #expect(list.counts[.pdq] == 1_000)
        #expect(Set(list.entries.map(\.value)) == Set(hashes))
    }

    @Test("a CSV table names its hash columns; each non-empty cell is an entry with the row's label and category")
    func csvTable() throws {
        let list = try load("""
            # partner export
            MD5,sha1,Label,category,notes
            \(Self.md5),\(Self.sha1),"a, quoted label",cat,x
            ,\(String(repeating: "1", count: 40)),b,,y
            \(Self.md5),,c,cat,z

            """, name: "t.csv")
        #expect(list.format == .csvTable)
        #expect(list.counts == [.md5: 1, .sha1: 2])
        #expect(list.duplicates == 1)
        #expect(list.entries.map(\.label) == ["a, quoted label", "b", "a, quoted label"])
        #expect(list.entries.map(\.category) == ["cat", nil, "cat"])
        let (path, message) = try error("md5,label\n,x\n", name: "t.csv")
        #expect(message == "\(path):2: the line has no hash value")
    }

    @Test("a TSV table with a hash column takes the algorithm from the # line or by length")
    func tsvTable() throws {
        let list = try load("# algorithm: sha256\n# label: default\nhash\tcategory\n\(Self.sha256)\tc1\n", name: "t.tsv")
        #expect(list.format == .tsvTable)
        #expect(list.entries == [HashListEntry(algorithm: .sha256, value: Self.sha256, label: "default", category: "c1")])
        #expect(try load("hash\tlabel\n\(Self.md5)\tx\n", name: "t.tsv").counts == [.md5: 1])
        let (path, message) = try error("hash\tlabel\n\(Self.sha256)\tx\n", name: "t.tsv")
        #expect(message.hasPrefix("\(path):2: 64 hex digits may be"))
        let (headerPath, headerMessage) = try error("digest\tlabel\n\(Self.md5)\tx\n", name: "t.tsv")
        #expect(headerMessage.hasPrefix("\(headerPath):1: the header must name"))
    }

    @Test("URL lists: raw URLs, or SHA-256 of the normalised URL under # algorithm: url-sha256")
    func urlLists() throws {
        let url = try URLNormalizer.normalize("http://example.com/a.jpg")
        let digest = URLNormalizer.sha256Hex(of: url)
        let raw = try load("http://EXAMPLE.com/a.jpg\n", name: "raw.txt")
        let hashed = try load("# algorithm: url-sha256\n\(digest)\n", name: "hashed.txt")
        let matcher = HashMatcher(lists: [raw, hashed])
        #expect(matcher.match(url: url).map(\.list) == ["raw.txt", "hashed.txt"])
        let (path, message) = try error("http://example.com/\nftp://example.com/x\n")
        #expect(message.hasPrefix("\(path):2: not a usable URL"))
    }

    @Test("# algorithm: names a known algorithm, once")
    func directives() throws {
        var (path, message) = try error("# algorithm: md4\n\(Self.md5)\n")
        #expect(message.hasPrefix("\(path):1: unknown algorithm \"md4\""))
        (path, message) = try error("# algorithm: md5\n# algorithm: sha1\n\(Self.md5)\n")
        #expect(message.hasPrefix("\(path):2: the list names two algorithms"))
        (path, message) = try error("# algorithm: md5\n\n")
        #expect(message.contains("no header line and no entries"))
    }
}

@Suite("Native list labels")
struct NativeListLabelTests {
    @Test("each entry keeps its own label and category when lines repeat, quote or change them")
    func labelsPerLine() throws {
        let digests = (0..<6).map { String(format: "%032x", $0 + 1) }
        let text = """
            algorithm,value,label,category
            md5,\(digests[0]),alpha,c1
            md5,\(digests[1]),alpha,c1
            md5,\(digests[2]),"a,b",c1
            md5,\(digests[3]),"a,b",c2
            MD5,\(digests[4]),alpha,c2
            md5,\(digests[5]),alpha,

            """
        let dir = try TemporaryDirectory()
        let list = try HashListLoader.loadList(path: try dir.write("labels.csv", text))
        let matcher = HashMatcher(lists: [list])
        func labelled(_ digest: String) -> (String?, String?) {
            let match = matcher.match(digests: ContentDigests(md5: digest, sha1: "", sha256: "")).first
            return (match?.label, match?.category)
        }
        let expected: [(String?, String?)] = [("alpha", "c1"), ("alpha", "c1"), ("a,b", "c1"), ("a,b", "c2"), ("alpha", "c2"), ("alpha", nil)]
        for (digest, want) in zip(digests, expected) {
            let got = labelled(digest)
            #expect(got.0 == want.0 && got.1 == want.1, "\(digest): \(got)")
        }
    }
}
