import Foundation
import Testing
@testable import Linksieve

/// `linksieve merge` through the binary, over tasks run as a Kubernetes Indexed Job runs them
/// (`--shards N` and JOB_COMPLETION_INDEX): the merged outputs equal one scan's, and a missing
/// task is named with the command that reruns it. Offline: rows are URL-listed, unusable, or
/// point at 127.0.0.1, which the address check refuses without a packet sent.
@Suite("linksieve merge")
struct MergeCommandTests {
    @Test("tasks 0-3 of --shards 4 merge into one scan's outputs; a missing task is named with its rerun command")
    func mergeThroughTheBinary() throws {
        let dir = try TemporaryDirectory("merge-command")
        var manifest = "url,caption\n"
        var list = "algorithm,value,label\n"
        for row in 0..<22 {
            switch row % 4 {
            case 0:
                manifest += "http://listed.example/\(row).jpg,listed \(row)\n"
                list += "url,http://listed.example/\(row).jpg,planted\n"
            case 1: manifest += "not a url \(row),unusable \(row)\n"
            default: manifest += "http://127.0.0.1:9/\(row).jpg,blocked \(row)\n"
            }
        }
        let manifestPath = try dir.write("m.csv", manifest)
        let listPath = try dir.write("l.csv", list)
        let scan = ["scan", manifestPath, "--lists", listPath, "--no-progress"]
        #expect(try BuiltBinary.run(scan + ["--out", dir.file("single")]).status == 0)
        for index in 0..<4 {
            let result = try BuiltBinary.run(
                scan + ["--out", dir.file("shards"), "--shards", "4"],
                after: "unset SLURM_ARRAY_TASK_ID; export JOB_COMPLETION_INDEX=\(index)")
            #expect(result.status == 0, "\(result.stderr)")
        }
        let merged = try BuiltBinary.run(["merge", dir.file("shards"), "--out", dir.file("final")])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout.contains("4 shards merged: 22 rows"))
        for file in ["cleansed.csv", "quarantine.jsonl", "rejected.jsonl", "excluded.jsonl", "flagged.jsonl"] {
            #expect(try dir.read("final/" + file) == dir.read("single/" + file), "\(file) differs from one scan's")
        }
        #expect(try String(contentsOfFile: dir.file("final/quarantine.jsonl"), encoding: .utf8).contains("listed.example"))

        try FileManager.default.removeItem(atPath: dir.file("shards/shard-2-of-4"))
        let refused = try BuiltBinary.run(["merge", dir.file("shards"), "--out", dir.file("final2")])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("shard 2/4 is missing") && refused.stderr.contains("--shard 2/4"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("final2/summary.json")))
    }
}
