import Foundation
import Testing
@testable import Linksieve
@testable import LoopbackServers

/// Scans split into shards of row ranges: each shard scans and writes only its rows, the shards'
/// outputs laid end to end equal a single-process scan's, and a rerun of a shard resumes it.
@Suite("Sharded scans")
struct ShardScanTests {
    @Test("the shards' outputs in shard order equal one scan's, and a rerun of a shard fetches nothing")
    func shardsEqualOneScan() throws {
        let listed = ImageEncoder.png(SyntheticImage.make(seed: 21, width: 40, height: 40))
        let requests = Locked<[String: Int]>([:])
        let server = try LoopbackHTTPServer { request in
            requests.withValue { $0[request.path, default: 0] += 1 }
            if request.path == "/listed.png" { return .init(body: listed) }
            guard request.path.hasPrefix("/img/") else { return .init(status: 404) }
            return .init(body: ImageEncoder.png(SyntheticImage.make(seed: UInt64(request.path.count), width: 32, height: 32)))
        }
        defer { server.stop() }
        let base = server.baseURL
        var manifest = "url,caption\n"
        for row in 0..<23 {
            switch row % 5 {
            case 0: manifest += "\(base)/listed.png?r=\(row),listed bytes \(row)\n"
            case 1: manifest += "not a url \(row),rejected \(row)\n"
            case 2: manifest += "\(base)/banned/\(row).png,listed URL \(row)\n"
            case 3: manifest += "\(base)/missing/\(row).png,missing \(row)\n"
            default: manifest += "\(base)/img/\(String(repeating: "x", count: row)).png,kept \(row)\n"
            }
        }
        let dir = try TemporaryDirectory("shards")
        let manifestPath = try dir.write("m.csv", manifest)
        var lines = "algorithm,value,label\nmd5,\(Digests.compute(listed).md5),planted\n"
        for row in stride(from: 2, to: 23, by: 5) { lines += "url,\(base)/banned/\(row).png,planted\n" }
        let list = try dir.write("l.csv", lines)
        func options(_ out: String) -> ScanOptions {
            var options = ScanOptions(manifestPath: manifestPath, listPaths: [list], outputDirectory: dir.file(out))
            options.fetch.allowPrivateAddresses = true
            options.fetch.retries = 0
            options.hashWorkers = 2
            return options
        }
        let single = try Scan(options: options("single")).run()
        #expect(single.rowsIn == 23)

        let files = ["cleansed.csv", "quarantine.jsonl", "rejected.jsonl", "excluded.jsonl"]
        var joined = Dictionary(uniqueKeysWithValues: files.map { ($0, "") })
        var rowsIn = 0
        for index in 0..<3 {
            let shard = try Shard(index: index, count: 3)
            let pieces = try ShardAssignment.pieces(for: shard, of: [manifestPath], urlColumn: nil)
            let piece = try #require(pieces.first)
            #expect(pieces.count == 1 && piece.rows?.count ?? 0 >= 7)
            var shardOptions = options(shard.directoryName)
            shardOptions.shard = shard
            shardOptions.rows = piece.rows
            let report = try Scan(options: shardOptions).run()
            #expect(report.rowsIn == piece.rows?.count)
            rowsIn += report.rowsIn
            for file in files {
                var text = try String(contentsOfFile: shardOptions.outputDirectory + "/" + file, encoding: .utf8)
                // Each shard's cleansed CSV repeats the header; the joined file keeps the first.
                if file == "cleansed.csv", index > 0 { text = String(text.drop { $0 != "\n" }.dropFirst()) }
                joined[file]! += text
            }
            let summary = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: shardOptions.outputDirectory + "/summary.json")))
                    as? [String: Any])
            let recorded = try #require(summary["shard"] as? [String: Any])
            #expect(recorded["index"] as? Int == index && recorded["count"] as? Int == 3)
            #expect((recorded["rows"] as? [String: Any])?["from"] as? Int == piece.rows?.lowerBound)
        }
        #expect(rowsIn == 23)
        for file in files {
            let one = try String(contentsOfFile: dir.file("single/" + file), encoding: .utf8)
            #expect(joined[file] == one, "\(file) of the shards differs from one scan's")
        }
        #expect(!joined["quarantine.jsonl"]!.isEmpty && !joined["rejected.jsonl"]!.isEmpty)

        // A rerun of a shard resumes it: every row is already there, nothing is fetched.
        let before = requests.current
        var again = options(try Shard(index: 1, count: 3).directoryName)
        again.shard = try Shard(index: 1, count: 3)
        again.rows = try ShardAssignment.pieces(for: again.shard!, of: [manifestPath], urlColumn: nil).first?.rows
        let resumed = try Scan(options: again).run()
        #expect(resumed.fetchedThisRun == 0 && resumed.resumedRows == again.rows?.count)
        #expect(requests.current == before)

        // The same folder with another shard's rows is refused rather than mixed.
        again.rows = 0..<3
        #expect(throws: (any Error).self) { try Scan(options: again).run() }
    }
}
