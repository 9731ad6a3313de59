import Foundation
import Testing
@testable import Linksieve

/// `scan --shard K/N` and `--shards N` through the binary: a bad shard is refused as a bad
/// argument, and a task writes only its share, into its own folder under --out.
@Suite("linksieve scan --shard")
struct ShardArgumentTests {
    static let clearScheduler = "unset SLURM_ARRAY_TASK_ID JOB_COMPLETION_INDEX"

    @Test("a malformed or impossible shard, both options, or --shards without a task number exit 64", arguments: [
        ["--shard", "4/4"], ["--shard", "1"], ["--shard", "0/0"], ["--shard", "0/2", "--shards", "2"], ["--shards", "2"],
    ])
    func refused(arguments: [String]) throws {
        let dir = try TemporaryDirectory("shard-arguments")
        let manifest = try dir.write("m.csv", "url\nhttp://127.0.0.1:9/a.jpg\n")
        let list = try dir.write("l.csv", "algorithm,value,label\nmd5,0123456789abcdef0123456789abcdef,x\n")
        let result = try BuiltBinary.run(
            ["scan", manifest, "--lists", list, "--out", dir.file("out"), "--no-progress"] + arguments,
            after: Self.clearScheduler)
        #expect(result.status == 64, "\(arguments): \(result.status) \(result.stderr)")
        #expect(result.stderr.contains("shard"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("out")))
    }

    @Test("with SLURM_ARRAY_TASK_ID and --shards, a task scans its whole parts into --out/shard-K-of-N/<part>/")
    func slurmTaskScansItsParts() throws {
        let dir = try TemporaryDirectory("shard-parts")
        try FileManager.default.createDirectory(atPath: dir.file("in"), withIntermediateDirectories: true)
        for part in ["c", "a", "b"] {
            _ = try dir.write("in/\(part).csv", "url\nnot a url in \(part)\n")
        }
        let list = try dir.write("l.csv", "algorithm,value,label\nmd5,0123456789abcdef0123456789abcdef,x\n")
        let result = try BuiltBinary.run(
            ["scan", dir.file("in"), "--lists", list, "--out", dir.file("out"), "--no-progress", "--shards", "2"],
            after: Self.clearScheduler + "; export SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_COUNT=1")
        #expect(result.status == 0, "\(result.stderr)")
        // Parts by name a, b, c: shard 1 of 2 takes b alone.
        let written = try FileManager.default.contentsOfDirectory(atPath: dir.file("out"))
        #expect(written == ["shard-1-of-2"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.file("out/shard-1-of-2")).sorted() == ["b", "shard-plan.json"])
        let plan = try ShardPlan.read(from: dir.file("out/shard-1-of-2"))
        #expect(plan.parts == ["a.csv", "b.csv", "c.csv"] && plan.pieces.map(\.name) == ["b.csv"] && plan.pieces[0].directory == "b")
        let rejected = try String(contentsOfFile: dir.file("out/shard-1-of-2/b/rejected.jsonl"), encoding: .utf8)
        #expect(rejected.contains("not a url in b"))
    }
}
