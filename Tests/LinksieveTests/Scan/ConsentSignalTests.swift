import Foundation
import Testing
@testable import Linksieve
@testable import LoopbackServers

/// X-Robots-Tag opt-outs: recorded and counted always, excluded only when asked, matched regardless.
@Suite("Consent signals in a scan")
struct ConsentSignalTests {
    final class Fixture {
        let server: LoopbackHTTPServer
        let dir: TemporaryDirectory
        let listed = ImageEncoder.png(SyntheticImage.make(seed: 31, width: 96, height: 96))

        init() throws {
            let plain = ImageEncoder.png(SyntheticImage.make(seed: 32, width: 96, height: 96))
            let listed = listed
            server = try LoopbackHTTPServer { request in
                let tags: [String: String] = [
                    "/noai.png": "noai", "/noimageai.png": "noindex, noimageai", "/other.png": "otherbot: noai",
                    "/listed.png": "noai",
                ]
                var headers: [(String, String)] = []
                if let tag = tags[request.path] { headers.append(("X-Robots-Tag", tag)) }
                return .init(headers: headers, body: request.path == "/listed.png" ? listed : plain)
            }
            dir = try TemporaryDirectory("consent")
            let paths = ["/noai.png", "/noimageai.png", "/other.png", "/plain.png", "/listed.png"]
            try dir.write("m.csv", "url\n" + paths.map { server.baseURL + $0 + "\n" }.joined())
            try dir.write("list.csv", "algorithm,value,label\nsha256,\(Digests.compute(listed).sha256),listed\n")
        }

        deinit { server.stop() }

        func scan(dropOptedOut: Bool) throws -> (report: ScanReport, excluded: [Int], summary: [String: Any]) {
            let out = dir.file("out-\(dropOptedOut)")
            var options = ScanOptions(manifestPath: dir.file("m.csv"), listPaths: [dir.file("list.csv")], outputDirectory: out)
            options.fetch.allowPrivateAddresses = true
            options.dropOptedOut = dropOptedOut
            let report = try Scan(options: options).run()
            let excluded = try jsonLines(out + "/excluded.jsonl").map { try #require($0["row"] as? Int) }
            let summary = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as? [String: Any])
            return (report, excluded, summary)
        }
    }

    @Test("by default opted-out rows stay in the cleansed manifest but are counted and stored")
    func keptByDefault() throws {
        let fixture = try Fixture()
        let (report, excluded, summary) = try fixture.scan(dropOptedOut: false)
        #expect(excluded.isEmpty)
        #expect(report.cleansed == 4 && report.quarantined == 1)
        #expect(summary["opted_out"] as? Int == 3)
        var robots: [Int: String] = [:]
        try StateStore(path: fixture.dir.file("out-false/state.sqlite")).forEachResult { robots[$0.row] = $0.fetch?.robots }
        #expect(robots[0] == "noai")
        #expect(robots[1]?.split(separator: ",").contains("noimageai") == true)
        #expect(robots[3] == nil)
    }

    @Test("--drop-opted-out moves noai and noimageai rows to excluded.jsonl; another crawler's tag and a match do not")
    func dropped() throws {
        let fixture = try Fixture()
        let (report, excluded, _) = try fixture.scan(dropOptedOut: true)
        #expect(excluded == [0, 1])
        #expect(report.excluded == 2 && report.quarantined == 1 && report.cleansed == 2)
    }
}
