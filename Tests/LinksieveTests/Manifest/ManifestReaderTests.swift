import Foundation
import Testing
@testable import Linksieve

@Suite("ManifestReader")
struct ManifestReaderTests {
    /// Every record read, failing the test on a fatal error.
    private func readAll(_ reader: ManifestReader) throws -> [ManifestRecord] {
        var records = [ManifestRecord]()
        while let record = try reader.next() { records.append(record) }
        return records
    }

    private func urls(_ records: [ManifestRecord]) -> [String?] {
        records.map { try? $0.url.get() }
    }

    @Test("detects the format and gzip from the file name")
    func detectsFormat() throws {
        #expect(try ManifestFormat.detect(path: "/d/a.csv") == (.csv, false))
        #expect(try ManifestFormat.detect(path: "a.tsv.gz") == (.tsv, true))
        #expect(try ManifestFormat.detect(path: "x/part-0.JSONL") == (.jsonl, false))
        #expect(try ManifestFormat.detect(path: "a.jsonl.GZ") == (.jsonl, true))
        #expect(try ManifestFormat.detect(path: "laion/part-00000.parquet") == (.parquet, false))
        for name in ["a.json", "a.parquet.gz", "a.gz", "csv", "a.csv.bz2"] {
            #expect(throws: ManifestError.unknownFormat(path: name)) { try ManifestFormat.detect(path: name) }
        }
        #expect(ManifestError.unknownFormat(path: "m/a.json").description.contains("m/a.json"))
    }

    @Test("reads RFC 4180 CSV: quotes, commas, doubled quotes, line breaks in quotes, CRLF, BOM, unterminated last line")
    func readsCSV() throws {
        let folder = try TemporaryDirectory()
        let header = "\u{FEFF}\"key\",caption,URL\r\n"
        let rows = [
            "1,plain,http://a.example/1\r\n",
            "2,\"with, comma\",\"http://a.example/2\"\r\n",
            "3,\"say \"\"hi\"\"\r\nsecond line\nthird\",http://a.example/3\r\n",
            "4,,\"http://a.example/\"\"4\"\"\"\n",
            "5,last,http://a.example/5",
        ]
        let path = try folder.write("m.csv", header + rows.joined())
        let reader = try ManifestReader(path: path)

        #expect(reader.format == .csv)
        #expect(!reader.isGzipped)
        #expect(reader.columns == ["key", "caption", "URL"])
        #expect(reader.header == Array(header.utf8))
        let records = try readAll(reader)
        #expect(urls(records) == [
            "http://a.example/1", "http://a.example/2", "http://a.example/3", "http://a.example/\"4\"",
            "http://a.example/5",
        ])
        #expect(records.map(\.index) == [0, 1, 2, 3, 4])
        #expect(records.map(\.line) == [2, 3, 4, 7, 8])
        #expect(records.map { String(decoding: $0.raw, as: UTF8.self) } == rows)
    }

    @Test("a row with the wrong field count is a problem row and reading goes on")
    func wrongFieldCount() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("m.csv", "url,a,b,c,d\nhttp://x/1,1,2,3,4\nhttp://x/2,1,2\nhttp://x/3,1,2,3,4\n")
        let records = try readAll(try ManifestReader(path: path))
        #expect(records.count == 3)
        #expect(records[1].url == .failure(ManifestRowProblem(reason: "malformed-row", message: "expected 5 fields, found 3")))
        #expect(records[1].line == 3)
        #expect(urls(records) == ["http://x/1", nil, "http://x/3"])
    }

    @Test("bad quoting is a problem row and does not swallow the following rows")
    func badQuoting() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("m.csv", "url,n\nhttp://x/a\"b,1\n\"http://x/2\"junk,2\nhttp://x/3,3\n\"http://x/4,4\n")
        let records = try readAll(try ManifestReader(path: path))
        #expect(records.count == 4)
        #expect(records.map { (try? $0.url.get()) == nil } == [true, true, false, true])
        for index in [0, 1, 3] {
            guard case .failure(let problem) = records[index].url else { continue }
            #expect(problem.reason == "malformed-row")
        }
        guard case .failure(let unclosed) = records[3].url else { return }
        #expect(unclosed.message.contains("not closed"))
    }

    @Test("an empty URL field is a missing-url problem")
    func emptyURL() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("m.csv", "caption,url\nnothing,\nquoted empty,\"\"\n")
        let records = try readAll(try ManifestReader(path: path))
        #expect(records.count == 2)
        for record in records {
            guard case .failure(let problem) = record.url else {
                Issue.record("expected a problem on line \(record.line)")
                continue
            }
            #expect(problem.reason == "missing-url")
        }
    }

    @Test("blank lines are skipped but counted for line numbers")
    func blankLines() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("m.csv", "url,n\n\nhttp://x/1,1\r\n\r\nhttp://x/2,2\n\n")
        let records = try readAll(try ManifestReader(path: path))
        #expect(urls(records) == ["http://x/1", "http://x/2"])
        #expect(records.map(\.line) == [3, 5])
        #expect(records.map(\.index) == [0, 1])
    }

    @Test("finds the URL column by its usual names or the one given")
    func findsURLColumn() throws {
        let folder = try TemporaryDirectory()
        for (header, expected) in [("caption,URL", 1), ("image_url,caption", 0), ("caption,Link", 1), ("Url,link", 0)] {
            let path = try folder.write("m.csv", "\(header)\n" + (expected == 0 ? "http://x/,c\n" : "c,http://x/\n"))
            #expect(urls(try readAll(try ManifestReader(path: path))) == ["http://x/"], "header \(header)")
        }
        let path = try folder.write("m.csv", "src,caption\nhttp://x/,c\n")
        #expect(urls(try readAll(try ManifestReader(path: path, urlColumn: "src"))) == ["http://x/"])
        #expect(urls(try readAll(try ManifestReader(path: path, urlColumn: "SRC"))) == ["http://x/"])
    }

    @Test("no URL column is an error naming the file and its columns")
    func noURLColumn() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("m.csv", "src,caption\nhttp://x/,c\n")
        let error = #expect(throws: ManifestError.self) { try ManifestReader(path: path) }
        #expect(error == .noURLColumn(path: path, columns: ["src", "caption"]))
        #expect(error?.description.contains(path) == true)
        #expect(error?.description.contains("\"caption\"") == true)
        #expect(throws: ManifestError.noURLColumn(path: path, columns: ["src", "caption"])) {
            try ManifestReader(path: path, urlColumn: "link")
        }
    }

    @Test("a missing file, a folder and an empty CSV are fatal errors naming the file")
    func fatalOpenErrors() throws {
        let folder = try TemporaryDirectory()
        let missing = folder.path + "/missing.csv"
        let error = #expect(throws: ManifestError.self) { try ManifestReader(path: missing) }
        guard case .cannotOpen(let path, _) = error else {
            Issue.record("expected cannotOpen, got \(String(describing: error))")
            return
        }
        #expect(path == missing)
        try FileManager.default.createDirectory(atPath: folder.path + "/dir.csv", withIntermediateDirectories: false)
        #expect(throws: ManifestError.cannotOpen(path: folder.path + "/dir.csv", reason: "is a directory")) {
            try ManifestReader(path: folder.path + "/dir.csv")
        }
        let empty = try folder.write("empty.tsv", "")
        #expect(throws: ManifestError.missingHeader(path: empty)) { try ManifestReader(path: empty) }
    }

    @Test("reads TSV: tab-separated, no quoting, field count checked")
    func readsTSV() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("m.tsv", "caption\turl\n\"quoted\" text, with comma\thttp://x/1\r\nshort\nc\thttp://x/3")
        let reader = try ManifestReader(path: path)
        #expect(reader.columns == ["caption", "url"])
        let records = try readAll(reader)
        #expect(urls(records) == ["http://x/1", nil, "http://x/3"])
        #expect(records[1].url == .failure(.malformedRow("expected 2 fields, found 1")))
        #expect(records.map(\.line) == [2, 3, 4])
    }

    @Test("reads JSON lines: problem rows for bad JSON, non-objects, missing or non-string URLs; blank lines counted")
    func readsJSONLines() throws {
        let folder = try TemporaryDirectory()
        let lines = [
            #"{"caption": "a \"cat\"", "url": "http://x/1", "meta": {"w": [1, 2.5e3, true, null]}}"#,
            "",
            #"{"url": "http://x/\u00e9\ud83d\ude00"}"#,
            #"{"url": "http://x/3",}"#,
            #"["http://x/4"]"#,
            #"{"caption": "no url"}"#,
            #"{"url": 5}"#,
            #"{"url": ""}"#,
            #"{"url": "http://x/9"} trailing"#,
            #"   {"url":"http://x/10"}   "#,
            " \t ",
            #"{"url": "http://x/12", "url": "http://y/12"}"#,
        ]
        let path = try folder.write("m.jsonl", lines.joined(separator: "\n") + "\n")
        let reader = try ManifestReader(path: path)
        #expect(reader.header == nil)
        #expect(reader.columns == ["caption", "url", "meta"])
        let records = try readAll(reader)
        #expect(records.map(\.line) == [1, 3, 4, 5, 6, 7, 8, 9, 10, 12])
        #expect(urls(records) == ["http://x/1", "http://x/é😀", nil, nil, nil, nil, nil, nil, "http://x/10", nil])
        let reasons = records.map { record -> String? in
            guard case .failure(let problem) = record.url else { return nil }
            return problem.reason
        }
        #expect(reasons == [
            nil, nil, "malformed-row", "malformed-row", "missing-url", "malformed-row", "missing-url",
            "malformed-row", nil, "malformed-row",
        ])
        #expect(records[1].raw == Array((lines[2] + "\n").utf8))
    }

    @Test("a null JSON URL is missing, a URL key given twice is malformed")
    func jsonNullAndDuplicateURL() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("m.jsonl", "{\"url\": null}\n{\"url\": \"http://x/\", \"url\": \"http://y/\"}\n")
        let records = try readAll(try ManifestReader(path: path))
        #expect(records.map(\.url) == [
            .failure(.missingURL("\"url\" is null")),
            .failure(.malformedRow("the object has the \"url\" key more than once")),
        ])
    }

    @Test("a JSON-lines file whose first object has no URL key is an error naming its keys")
    func jsonLinesWithoutURLKey() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("m.jsonl", #"{"src": "http://x/", "caption": "c"}"# + "\n")
        #expect(throws: ManifestError.noURLColumn(path: path, columns: ["src", "caption"])) {
            try ManifestReader(path: path)
        }
        #expect(urls(try readAll(try ManifestReader(path: path, urlColumn: "src"))) == ["http://x/"])
        #expect(throws: ManifestError.noURLColumn(path: path, columns: ["src", "caption"])) {
            try ManifestReader(path: path, urlColumn: "link")
        }
    }

    @Test("reads gzip manifests like plain ones")
    func readsGzip() throws {
        let folder = try TemporaryDirectory()
        let text = "url,caption\nhttp://x/1,\"a\nb\"\nhttp://x/2,c\n"
        let plain = try readAll(try ManifestReader(path: try folder.write("m.csv", text)))
        let reader = try ManifestReader(path: try folder.write("m.csv.gz", text, gzip: true))
        #expect(reader.isGzipped)
        let zipped = try readAll(reader)
        #expect(zipped.map(\.raw) == plain.map(\.raw))
        #expect(urls(zipped) == ["http://x/1", "http://x/2"])
        #expect(try folder.read("m.csv.gz").prefix(2) == [0x1F, 0x8B])
    }

    @Test("a truncated gzip file is a read error naming the file")
    func truncatedGzip() throws {
        let folder = try TemporaryDirectory()
        var text = "url\n"
        for i in 0..<20_000 { text += "http://x/\(i * 7919)\n" }
        try folder.write("full.csv.gz", text, gzip: true)
        let full = try folder.read("full.csv.gz")
        let path = try folder.write("cut.csv", Array(full.prefix(full.count / 2)))
        let reader = try ManifestReader(path: path)
        let error = #expect(throws: ManifestError.self) { try readAll(reader) }
        guard case .readFailed(let errorPath, _, let reason) = error else {
            Issue.record("expected readFailed, got \(String(describing: error))")
            return
        }
        #expect(errorPath == path)
        #expect(reason.contains("truncated"))
    }

    @Test("records crossing read-chunk boundaries come back whole and in order")
    func chunkBoundaries() throws {
        let folder = try TemporaryDirectory()
        var text = "url,caption\n"
        var expectedURLs = [String]()
        var row = 0
        // Multi-line quoted captions of varying length put record and quote boundaries on every chunk edge.
        while text.utf8.count < 3 * ZlibFileInput.chunkSize + 1000 {
            let url = "http://x/\(row)"
            let caption = String(repeating: "w", count: row % 97) + "\n\"\"," + String(repeating: "z", count: row % 13)
            text += "\(url),\"\(caption)\"\n"
            expectedURLs.append(url)
            row += 1
        }
        let path = try folder.write("big.csv", text)
        let reader = try ManifestReader(path: path)
        let records = try readAll(reader)
        #expect(urls(records) == expectedURLs)
        #expect((reader.header! + records.flatMap(\.raw)) == Array(text.utf8))
        #expect(records.last?.line == 2 + 2 * (records.count - 1))
    }
}
