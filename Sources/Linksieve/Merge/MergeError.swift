/// Why `linksieve merge` refuses to combine a sharded scan's outputs. Each names the shard at
/// fault and, for a shard that is missing or unfinished, the command that reruns it.
public enum MergeError: Error, CustomStringConvertible, Equatable {
    /// The folder holds no `shard-K-of-N` folders.
    case noShards(directory: String)
    /// Shard folders of different counts (`shard-0-of-4` beside `shard-0-of-8`).
    case mixedCounts(directory: String, counts: [Int])
    /// Shards that are missing or did not finish: one line each, with the command that reruns it.
    case incomplete([String])
    /// A shard that scanned with other lists, policy, settings or input than the others.
    case differs(shard: String, what: String, detail: String)
    /// `--out` is the shards' folder, one of its shard folders, or inside one.
    case outputAmongShards(output: String, shards: String)
    /// A shard's file that cannot be read.
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .noShards(let directory):
            "\(directory): no shard-K-of-N folders here; give the --out of `linksieve scan --shard` or `--shards`"
        case .mixedCounts(let directory, let counts):
            "\(directory): holds shards of runs with different task counts (\(counts.map(String.init).joined(separator: ", "))); "
                + "merge one run: move the other shard folders away"
        case .incomplete(let problems):
            "cannot merge until every shard has finished:\n" + problems.map { "  " + $0 }.joined(separator: "\n")
        case .differs(let shard, let what, let detail):
            "shard \(shard) used other \(what) than the other shards: \(detail); rerun it with the same \(what) as the others"
        case .outputAmongShards(let output, let shards):
            "\(output): is among the shards' folders under \(shards); choose an --out outside them"
        case .unreadable(let path, let reason):
            "\(path): \(reason)"
        }
    }
}
