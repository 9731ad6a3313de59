import Foundation
import Testing
@testable import Linksieve

@Suite("HashListLoader")
struct HashListLoaderTests {
    @Test("loads the native format with canonical values, comments, blank lines, categories and merged duplicates")
    func loadsNativeFormat() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("partner.csv", """
            # demo list: benign values only
            Algorithm, value ,label,category,source

            md5,D41D8CD98F00B204E9800998ECF8427E,empty-body,test,demo
            sha1, DA39A3EE5E6B4B0D3255BFEF95601890AFD80709 ,empty-sha1,,demo
            sha256,e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855,empty-sha256,test,demo
            pdq,F8F8F0CEE0F4A84F06370A22038F63F0B36E2ED596621E1D33E6B39C4E9C9B22,pdq-demo,test,demo
            url,HTTP://Example.COM:80/a/./b#x,url-demo,test,demo
            url-sha256,2A1B402420EF46577471CDC7409B0FA2C6A204DB316E59ADE2D805435489A067,url-hash-demo,test,demo
            domain,Example.ORG.,domain-demo,test,demo
            domain,Bücher.example,idn-demo,test,demo
            photodna,"AAEC,AwQF",photodna-demo,test,demo
            # a duplicate of the first entry in another spelling
            md5,d41d8cd98f00b204e9800998ecf8427e,second-label,other,demo

            """)
        let lists = try HashListLoader.load(paths: [path])
        let list = try #require(lists.first)
        #expect(lists.count == 1)
        #expect(list.name == "partner.csv")
        #expect(list.path == path)
        #expect(list.entries.map(\.value) == [
            "d41d8cd98f00b204e9800998ecf8427e", "da39a3ee5e6b4b0d3255bfef95601890afd80709",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22", "http://example.com/a/b",
            "2a1b402420ef46577471cdc7409b0fa2c6a204db316e59ade2d805435489a067", "example.org", "xn--bcher-kva.example",
            "AAEC,AwQF",
        ])
        #expect(list.entries[0] == HashListEntry(algorithm: .md5, value: "d41d8cd98f00b204e9800998ecf8427e", label: "empty-body", category: "test"))
        #expect(list.entries[1].category == nil)
        #expect(list.counts == [.md5: 1, .sha1: 1, .sha256: 1, .pdq: 1, .url: 1, .urlSHA256: 1, .domain: 2, .photoDNA: 1])
    }

    @Test("records the SHA-256 of the list file's bytes")
    func fileDigest() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("a.csv", "algorithm,value,label\nmd5,d41d8cd98f00b204e9800998ecf8427e,demo\n")
        // printf 'algorithm,value,label\nmd5,d41d8cd98f00b204e9800998ecf8427e,demo\n' | sha256sum
        #expect(try HashListLoader.load(paths: [path])[0].sha256
            == "9c22eaff590b0053f6ce44b447864d796f22676468a39c4b08e36d166c326b1f")
    }

    @Test("loads a folder's .csv, .tsv and .txt lists, plain or .gz, by name, not recursively; other files are ignored")
    func loadsFolder() throws {
        let folder = try TemporaryDirectory()
        let line = "algorithm,value,label\ndomain,example.com,demo\n"
        try folder.write("b.csv.gz", line, gzip: true)
        try folder.write("a.csv", line)
        try folder.write("c.txt.gz", "# algorithm: domain\nexample.com\n", gzip: true)
        try folder.write("d.md", line)
        try FileManager.default.createDirectory(atPath: folder.path + "/sub", withIntermediateDirectories: false)
        try folder.write("sub/d.csv", line)
        let lists = try HashListLoader.load(paths: [folder.path])
        #expect(lists.map(\.name) == ["a.csv", "b.csv.gz", "c.txt.gz"])
        #expect(lists[1].entries == lists[0].entries)
        #expect(lists[2].entries.map(\.value) == ["example.com"])
        #expect(lists.map(\.format) == [.native, .native, .lines])
        #expect(lists[1].sha256 != lists[0].sha256)
    }

    @Test("a folder without lists, or a missing path, is an error")
    func noLists() throws {
        let folder = try TemporaryDirectory()
        #expect(throws: HashListError.noLists(paths: [folder.path])) { try HashListLoader.load(paths: [folder.path]) }
        let missing = folder.path + "/gone.csv"
        #expect(throws: HashListError.cannotRead(path: missing, reason: "no such file or directory")) {
            try HashListLoader.load(paths: [missing])
        }
    }

    @Test("two lists with the same file name are an error, since reports name lists by file name")
    func duplicateNames() throws {
        let one = try TemporaryDirectory()
        let two = try TemporaryDirectory()
        let line = "algorithm,value,label\ndomain,example.com,demo\n"
        let first = try one.write("list.csv", line)
        let second = try two.write("list.csv", line)
        #expect(throws: HashListError.duplicateName(name: "list.csv", paths: [first, second])) {
            try HashListLoader.load(paths: [first, second])
        }
    }

    static let badLists: [(text: String, line: Int, message: String)] = [
        ("algorithm,value,label\nmd5,abc,x\n", 2, "md5 value is 32 hex digits (found 3 characters)"),
        ("algorithm,value,label\n# note\n\nsha1,\(String(repeating: "g", count: 40)),x\n", 4, "sha1 value is 40 hex digits"),
        ("algorithm,value,label\nsha256,\(String(repeating: "a", count: 63)),x\n", 2, "sha256 value is 64 hex digits"),
        ("algorithm,value,label\npdq,1234,x\n", 2, "pdq value is 64 hex digits"),
        ("algorithm,value,label\nurl,ftp://example.com/x,x\n", 2, "not a usable URL"),
        ("algorithm,value,label\nurl-sha256,xyz,x\n", 2, "url-sha256 value is 64 hex digits"),
        ("algorithm,value,label\ndomain,http://example.com/,x\n", 2, "domain value is a host name"),
        ("algorithm,value,label\nphotodna,,x\n", 2, "photodna value is empty"),
        ("algorithm,value,label\nmd4,d41d8cd98f00b204e9800998ecf8427e,x\n", 2, "unknown algorithm \"md4\""),
        ("algorithm,value,label\nmd5,d41d8cd98f00b204e9800998ecf8427e\n", 2, "expected 3 fields, found 2"),
        ("algorithm,value,label\nmd5,\"d41d8cd98f00b204e9800998ecf8427e\"x,y\n", 2, "closing quote"),
        ("algorithm,value\nmd5,d41d8cd98f00b204e9800998ecf8427e\n", 1, "algorithm, value and label"),
        ("# only a comment\n", 1, "no header line"),
    ]

    @Test("a bad line is an error naming the file and line, without echoing the value", arguments: badLists)
    func badLine(_ text: String, _ line: Int, _ message: String) throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("bad.csv", text)
        let error = #expect(throws: HashListError.self) { try HashListLoader.load(paths: [path]) }
        #expect(error?.description.hasPrefix("\(path):\(line): ") == true, "\(String(describing: error))")
        #expect(error?.description.contains(message) == true, "\(String(describing: error))")
        #expect(error?.description.contains("d41d8cd98f00b204e9800998ecf8427e") == false)
    }
}
