import Foundation
import Testing
@testable import Linksieve

/// `rescan --shard K/N`: each shard's state is rescanned into the same shard folder of a new
/// `--out`, and the merged rescan (changes.jsonl included) equals one rescan of one scan.
@Suite("Rescanning shards")
struct ShardRescanTests {
    @Test("rescanned shards merge into one rescan's outputs and changes, for CSV ranges and Parquet row groups")
    func mergedRescanEqualsOneRescan() throws {
        let fixture = try ShardMergeFixture()
        // Today's lists add the digest of an image that was clean when scanned.
        let clean = try #require(fixture.server.dataset.rows.first { $0.plant == .clean && $0.body != nil })
        try FileManager.default.createDirectory(atPath: fixture.dir.file("lists2"), withIntermediateDirectories: true)
        for name in ["content.csv", "urls.csv"] {
            try FileManager.default.copyItem(atPath: fixture.dir.file("lists/" + name), toPath: fixture.dir.file("lists2/" + name))
        }
        try fixture.dir.write("lists2/new.csv", "algorithm,value,label\nmd5,\(Digests.compute(clean.body!).md5),new\n")
        let lists = [fixture.dir.file("lists2")]

        for (input, count, cleansed) in [("m.csv", 3, "cleansed.csv"), ("m.parquet", 5, "cleansed.parquet")] {
            let tag = (input as NSString).pathExtension
            try fixture.scanWhole(input, into: "single-\(tag)")
            _ = try Rescan(options: RescanOptions(
                stateDirectory: fixture.dir.file("single-\(tag)"), listPaths: lists,
                outputDirectory: fixture.dir.file("single-rescan-\(tag)"))).run()

            try fixture.scanShards(count, of: input, into: "shards-\(tag)")
            var newMatches = 0
            for index in 0..<count {
                let options = RescanOptions(
                    stateDirectory: fixture.dir.file("shards-\(tag)"), listPaths: lists,
                    outputDirectory: fixture.dir.file("rescans-\(tag)"))
                newMatches += try ShardRescan(shard: try Shard(index: index, count: count), options: options).run()
                    .reduce(0) { $0 + $1.newMatches }
            }
            #expect(newMatches == 1)
            try ShardMerge(shardsDirectory: fixture.dir.file("rescans-\(tag)"), outputDirectory: fixture.dir.file("merged-\(tag)")).run()
            for file in [cleansed, "quarantine.jsonl", "rejected.jsonl", "excluded.jsonl", "flagged.jsonl", "changes.jsonl"] {
                #expect(
                    try fixture.bytes("merged-\(tag)/\(file)") == fixture.bytes("single-rescan-\(tag)/\(file)"),
                    "\(input), N=\(count): \(file) of the merged rescan differs from one rescan's")
            }
            #expect(try fixture.text("merged-\(tag)/changes.jsonl").contains("newly-quarantined"))
            let merged = try fixture.summary("merged-\(tag)/summary.json")
            let single = try fixture.summary("single-rescan-\(tag)/summary.json")
            for key in ["rows", "changes", "quarantined_by_stage", "matches_by_list"] {
                #expect(merged[key] == single[key], "\(input): summary \(key) differs")
            }
        }

        // A shard folder without a plan is refused, naming it.
        var options = RescanOptions(
            stateDirectory: fixture.dir.file("single-csv"), listPaths: lists, outputDirectory: fixture.dir.file("nowhere"))
        options.commandLine = "linksieve rescan"
        #expect(throws: RescanError.noShardPlan(path: fixture.dir.file("single-csv") + "/shard-0-of-2")) {
            try ShardRescan(shard: try Shard(index: 0, count: 2), options: options).run()
        }
    }
}
