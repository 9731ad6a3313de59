import Foundation
import Testing
@testable import Linksieve
@testable import LoopbackServers

/// A manifest naming one URL many times (LAION has millions of repeats) costs one fetch per
/// normalised URL, and every row naming it ends with the same verdict.
@Suite("Duplicate URLs")
struct DuplicateURLTests {
    @Test("each normalised URL is fetched once per run, however spelt; every row naming it gets its verdict")
    func fetchedOnce() throws {
        let listed = ImageEncoder.png(SyntheticImage.make(seed: 11, width: 40, height: 40))
        let clean = ImageEncoder.png(SyntheticImage.make(seed: 12, width: 40, height: 40))
        let requests = Locked<[String: Int]>([:])
        let server = try LoopbackHTTPServer { request in
            requests.withValue { $0[request.path, default: 0] += 1 }
            Thread.sleep(forTimeInterval: 0.01)
            switch request.path {
            case "/listed.png": return .init(body: listed)
            case "/clean.png": return .init(body: clean)
            default: return .init(status: 404)
            }
        }
        defer { server.stop() }
        let base = server.baseURL
        let spellings = ["\(base)/clean.png", "HTTP://127.0.0.1:\(server.port)/clean.png#top", "\(base)/./clean.png"]
        var manifest = "url,caption\n"
        for row in 0..<300 {
            switch row % 3 {
            case 0: manifest += "\(base)/listed.png,listed \(row)\n"
            case 1: manifest += "\(spellings[row / 3 % 3]),clean \(row)\n"
            default: manifest += "\(base)/missing.png,missing \(row)\n"
            }
        }
        let dir = try TemporaryDirectory("duplicates")
        var options = ScanOptions(
            manifestPath: try dir.write("m.csv", manifest),
            listPaths: [try dir.write("l.csv", "algorithm,value,label\nmd5,\(Digests.compute(listed).md5),planted\n")],
            outputDirectory: dir.file("out"))
        options.fetch.allowPrivateAddresses = true
        // One transfer at a time: rows waiting on it soon fill the waiting limit, and reading pauses.
        options.fetch.concurrency = 1
        options.hashWorkers = 2
        let report = try Scan(options: options).run()

        #expect(requests.current == ["/listed.png": 1, "/clean.png": 1, "/missing.png": 1])
        #expect(report.quarantined == 100 && report.cleansed == 200 && report.rowsIn == 300)
        #expect(report.fetchedThisRun == 3 && report.sharedFetches == 297)
        let quarantine = try String(contentsOfFile: dir.file("out/quarantine.jsonl"), encoding: .utf8)
        #expect(quarantine.split(separator: "\n").count == 100)
        let cleansed = try String(contentsOfFile: dir.file("out/cleansed.csv"), encoding: .utf8)
        #expect(cleansed.contains("clean 1\n") && cleansed.contains("missing 2\n") && !cleansed.contains("listed"))
        var stored: [RowResult] = []
        try StateStore(path: dir.file("out/state.sqlite")).forEachResult { stored.append($0) }
        #expect(stored.filter { $0.fetch?.outcome == "http-404" }.count == 100)
        #expect(stored.filter { $0.content?.digests.md5 == Digests.compute(clean).md5 }.count == 100)
        // Each row keeps its own spelling of the URL.
        #expect(stored.first { $0.row == 4 }?.url == spellings[1])

        let again = try Scan(options: options).run()
        #expect(again.fetchedThisRun == 0 && again.resumedRows == 300)
        #expect(requests.current.values.reduce(0, +) == 3)
    }

    @Test("a URL fetched by an earlier run is found in the state, matches included")
    func storedFetchFound() throws {
        let dir = try TemporaryDirectory("stored-fetch")
        let state = try StateStore(path: dir.file("state.sqlite"))
        let match = Match(
            stage: .bytes, algorithm: .md5, list: "l.csv", label: "x", category: nil,
            entry: "0123456789abcdef0123456789abcdef", observed: "0123456789abcdef0123456789abcdef", distance: nil)
        try state.record(RowResult(
            row: 3, verdict: .quarantined, url: "http://a.example/x", normalizedURL: "http://a.example/x",
            fetch: .init(outcome: "ok", httpStatus: 200, contentType: nil, bytes: 10, fetchedAt: 1), matches: [match]))
        try state.record(RowResult(row: 4, verdict: .quarantined, url: "http://b.example/", normalizedURL: "http://b.example/", matches: [match]))
        try state.flush()
        try state.indexByURL()
        let found = try #require(try state.fetchedResult(normalizedURL: "http://a.example/x"))
        #expect(found.row == 3 && found.verdict == .quarantined && found.matches == [match])
        // URL-stage verdicts are not fetches; unknown URLs are not found.
        #expect(try state.fetchedResult(normalizedURL: "http://b.example/") == nil)
        #expect(try state.fetchedResult(normalizedURL: "http://c.example/") == nil)
    }
}
