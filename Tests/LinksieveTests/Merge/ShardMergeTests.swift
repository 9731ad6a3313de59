import Foundation
import Testing
@testable import Linksieve

/// `linksieve merge`: the merged outputs of N shards equal one process's, byte for byte, for
/// whole parts and row ranges, CSV and Parquet; and a merge refuses shards that are missing,
/// unfinished, or made with other lists or policy, naming the shard and how to rerun it.
@Suite("Merging shards")
struct ShardMergeTests {
    static let perPart = ["quarantine.jsonl", "rejected.jsonl", "excluded.jsonl", "flagged.jsonl"]
    static let totals = [
        "rows", "quarantined_by_stage", "matches_by_list", "rejected_by_reason", "excluded_by_reason", "fetch_outcomes",
        "image_outcomes", "pdq_low_quality",
    ]

    /// Shards 1, 3 and 5 of `input` merged equal one scan of it: every output file of every part,
    /// and the summary's totals.
    func mergedEqualsOneScan(_ input: String, cleansed: String) throws {
        let fixture = try ShardMergeFixture()
        try fixture.scanWhole(input, into: "single")
        let parts = try ManifestParts.expand([fixture.dir.file(input)])
        let folders = parts == [fixture.dir.file(input)] ? [""] : parts.map { "/" + (ManifestParts.outputDirectory(for: $0, under: "") as NSString).lastPathComponent }
        for count in [1, 3, 5] {
            try fixture.scanShards(count, of: input, into: "shards-\(count)")
            let report = try ShardMerge(
                shardsDirectory: fixture.dir.file("shards-\(count)"), outputDirectory: fixture.dir.file("merged-\(count)")).run()
            #expect(report.rowsIn == ShardMergeFixture.rowCount)
            var quarantined = 0
            for folder in folders {
                for file in [cleansed] + Self.perPart {
                    #expect(
                        try fixture.bytes("merged-\(count)\(folder)/\(file)") == fixture.bytes("single\(folder)/\(file)"),
                        "\(input), N=\(count): \(folder)/\(file) differs from one scan's")
                }
                let single = try fixture.summary("single\(folder)/summary.json")
                if case .int(let rows)? = single["rows"]?["quarantined"] { quarantined += rows }
            }
            #expect(quarantined > 0 && report.quarantined == quarantined)
            let merged = try fixture.summary("merged-\(count)/summary.json")
            var expected: [String: JSONValue] = [:]
            for folder in folders {
                let single = try fixture.summary("single\(folder)/summary.json")
                for key in Self.totals {
                    let value = single[key] ?? .null
                    expected[key] = expected[key].map { MergedSummary.add($0, value) } ?? value
                }
            }
            for key in Self.totals {
                #expect(merged[key] == expected[key], "\(input), N=\(count): summary \(key) differs")
            }
            #expect(merged["shards"]?["count"] == .int(count))
            let page = try fixture.text("merged-\(count)/report.html")
            #expect(page.contains("<html") && !page.contains(fixture.server.baseURL))
            if folders != [""] {
                // One quarantine.jsonl over all parts, in input order, each line naming its part.
                var combined = ""
                for (part, folder) in zip(parts, folders) {
                    let name = (part as NSString).lastPathComponent
                    for line in try fixture.text("single\(folder)/quarantine.jsonl").split(separator: "\n") {
                        combined += "{\"part\":\"\(name)\"," + line.dropFirst() + "\n"
                    }
                }
                #expect(try fixture.text("merged-\(count)/quarantine.jsonl") == combined)
            }
        }
    }

    @Test("one CSV file cut into row ranges by 1, 3 and 5 shards merges into one scan's outputs")
    func csvRowRanges() throws { try mergedEqualsOneScan("m.csv", cleansed: "cleansed.csv") }

    @Test("one Parquet file cut at row groups by 1, 3 and 5 shards (some empty) merges into one scan's outputs")
    func parquetRowGroups() throws { try mergedEqualsOneScan("m.parquet", cleansed: "cleansed.parquet") }

    @Test("six CSV parts taken whole by 1, 3 and 5 shards merge into one scan's per-part outputs")
    func csvWholeParts() throws { try mergedEqualsOneScan("csv-parts", cleansed: "cleansed.csv") }

    @Test("six Parquet parts taken whole by 1, 3 and 5 shards merge into one scan's per-part outputs")
    func parquetWholeParts() throws { try mergedEqualsOneScan("parquet-parts", cleansed: "cleansed.parquet") }

    @Test("two CSV parts cut into ranges across part boundaries merge into one scan's per-part outputs")
    func csvRangesAcrossParts() throws { try mergedEqualsOneScan("two-parts", cleansed: "cleansed.csv") }

    @Test("a missing, an unfinished, and an other-lists or other-policy shard is refused, naming it and its rerun")
    func refusals() throws {
        let fixture = try ShardMergeFixture()
        try fixture.scanShards(3, of: "m.csv", into: "shards")
        let shards = fixture.dir.file("shards")
        func merge(into out: String = "merged") throws { try ShardMerge(shardsDirectory: shards, outputDirectory: fixture.dir.file(out)).run() }
        func refusal(into out: String = "merged") -> String {
            do {
                try merge(into: out)
                return "merged"
            } catch {
                return "\(error)"
            }
        }

        // Missing: shard 1's folder is gone; the message names it and the command that reruns it.
        try FileManager.default.moveItem(atPath: shards + "/shard-1-of-3", toPath: fixture.dir.file("away"))
        var message = refusal()
        #expect(message.contains("shard 1/3 is missing"))
        #expect(message.contains("--shard 1/3") && message.contains("sbatch --array=1") && message.contains("JOB_COMPLETION_INDEX=1"))
        #expect(!FileManager.default.fileExists(atPath: fixture.dir.file("merged/summary.json")))
        try FileManager.default.moveItem(atPath: fixture.dir.file("away"), toPath: shards + "/shard-1-of-3")

        // Unfinished: shard 2's last run started and never finished (killed, or still running).
        let state = try StateStore(path: shards + "/shard-2-of-3/state.sqlite")
        let run = try state.beginRun(command: "linksieve scan", lists: "[]")
        message = refusal()
        #expect(message.contains("shard 2/3 is unfinished") && message.contains("--shard 2/3"))
        try state.finishRun(run, summary: try fixture.text("shards/shard-2-of-3/summary.json"))

        // Other lists: shard 1 rescanned from scratch with one more list.
        let extra = try fixture.dir.write("extra.csv", "algorithm,value,label\nmd5,\(String(repeating: "ab", count: 16)),other\n")
        try FileManager.default.removeItem(atPath: shards + "/shard-1-of-3")
        try fixture.scanShard(try Shard(index: 1, count: 3), of: "m.csv", into: "shards") {
            $0.listPaths = [fixture.dir.file("lists"), extra]
        }
        message = refusal()
        #expect(message.contains("shard 1/3 used other lists"))

        // Other policy: shard 1 again with a list policy the others did not use.
        let policy = try fixture.dir.write("policy.json", #"{"lists": {"content.csv": {"pdq_threshold": 20}}}"#)
        try FileManager.default.removeItem(atPath: shards + "/shard-1-of-3")
        try fixture.scanShard(try Shard(index: 1, count: 3), of: "m.csv", into: "shards") { $0.listPolicyPath = policy }
        message = refusal()
        #expect(message.contains("shard 1/3 used other list policy"))

        // Put right, it merges; an --out among the shards is refused.
        try FileManager.default.removeItem(atPath: shards + "/shard-1-of-3")
        try fixture.scanShard(try Shard(index: 1, count: 3), of: "m.csv", into: "shards")
        #expect(refusal(into: "shards/shard-0-of-3").contains("is among the shards' folders"))
        #expect(refusal(into: "shards").contains("is among the shards' folders"))
        #expect(refusal() == "merged")
    }
}
