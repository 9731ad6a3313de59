import Testing
@testable import Linksieve

@Suite("HashQuery")
struct HashQueryTests {
    static let md5 = "d41d8cd98f00b204e9800998ecf8427e"

    private static func matcher() throws -> HashMatcher {
        let pdq = PDQHash(limbs: (0, 0, 0, 0))
        let url = try URLNormalizer.normalize("http://img.example.com/a.jpg")
        return HashMatcher(lists: [HashList(name: "l.csv", path: "/l.csv", sha256: "", entries: [
            HashListEntry(algorithm: .md5, value: md5, label: "m", category: "c"),
            HashListEntry(algorithm: .pdq, value: pdq.hex, label: "p", category: nil),
            HashListEntry(algorithm: .urlSHA256, value: URLNormalizer.sha256Hex(of: url), label: "u", category: nil),
            HashListEntry(algorithm: .domain, value: "example.com", label: "d", category: nil),
        ])])
    }

    @Test("parses algorithm:value into canonical form; a URL keeps its colons")
    func parses() throws {
        let md5 = try HashQuery(parsing: "  MD5:\(Self.md5.uppercased()) ")
        #expect(md5.algorithm == .md5)
        #expect(md5.text == "MD5:\(Self.md5.uppercased())")
        guard case .value(let value) = md5.subject else { throw Failure("md5 is a value") }
        #expect(value == Self.md5)
        let url = try HashQuery(parsing: "url:HTTP://Example.com:80/x")
        guard case .url(let normalized) = url.subject else { throw Failure("url is a URL") }
        #expect(normalized.string == "http://example.com/x")
    }

    @Test("rejects lines without an algorithm, unknown or uncomputed algorithms, and malformed values", arguments: [
        ("\(md5)", "expected algorithm:value"), ("md4:\(md5)", "unknown algorithm"), ("photodna:AAEC", "not computed"),
        ("sha1:\(md5)", "40 hex digits"), ("pdq:abc", "pdq value is 64 hex digits"), ("url:ftp://x/", "not a usable URL"),
    ])
    func rejects(_ line: String, _ message: String) {
        let error = #expect(throws: HashQueryError.self) { try HashQuery(parsing: line) }
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
        #expect(error?.message.contains(Self.md5) == false)
    }

    @Test("a batch keeps line numbers, skips blanks and comments, reports bad lines and runs the rest in order")
    func batch() throws {
        let parsed = HashQueryBatch.parse("""
            # staff check
            md5:\(Self.md5)

            nonsense
            pdq:\(PDQHash(limbs: (0b111, 0, 0, 0)).hex)
            url:https://img.example.com/a.jpg
            url:http://img.example.com/a.jpg
            domain:a.example.com
            """)
        #expect(parsed.queries.map(\.line) == [2, 5, 6, 7, 8])
        #expect(parsed.problems.map(\.line) == [4])
        let matcher = try Self.matcher()
        let results = HashQueryBatch.run(parsed.queries.map(\.query), matcher: matcher, pdqThreshold: 31, workers: 3)
        #expect(results.map { $0.map(\.label) } == [["m"], ["p"], ["d"], ["u", "d"], ["d"]])
        #expect(results[1][0].distance == 3)
        #expect(HashQueryBatch.run(parsed.queries.map(\.query), matcher: matcher, pdqThreshold: 2, workers: 1)[1].isEmpty)
        let line = HashQueryBatch.json(parsed.queries[0].query, results[0][0]).serialized()
        #expect(line == #"{"query":"md5:\#(Self.md5)","algorithm":"md5","list":"l.csv","label":"m","category":"c","entry":"\#(Self.md5)","distance":null}"#)
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
