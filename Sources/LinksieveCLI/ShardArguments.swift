import ArgumentParser
import Foundation
import Linksieve

/// `--shard K/N` and `--shards N`, shared by scan and rescan: which task of a sharded run this is.
struct ShardArguments: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Run only task K (0-based) of N tasks' share of the input, into --out/shard-K-of-N/.",
            discussion: "With at least N parts, whole parts (ordered by file name, part i to shard i mod N); otherwise contiguous row ranges (for Parquet, whole row groups). Rerunning the same shard resumes it; `linksieve merge` combines the shards.",
            valueName: "K/N"))
    var shard: String?

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp(
            "The number of tasks; the task number K is read from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX.",
            valueName: "N"),
        transform: NumericOption.integer("--shards", 1...Shard.maximumCount))
    var shards: Int?

    /// The shard this task runs, or nil for an unsharded run.
    func resolved() throws -> Shard? {
        if let shard {
            guard shards == nil else { throw ShardError.shardAndShards }
            return try Shard(parsing: shard)
        }
        return try shards.map { try Shard(count: $0, environment: ProcessInfo.processInfo.environment) }
    }
}
