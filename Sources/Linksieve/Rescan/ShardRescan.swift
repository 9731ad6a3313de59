import Foundation

/// `linksieve rescan --shard K/N`: rescans one shard of a sharded scan, piece by piece, from
/// `STATE/shard-K-of-N/` into `OUT/shard-K-of-N/` with the same folders and a new plan, so
/// `linksieve merge OUT` combines rescanned shards (and their changes.jsonl) as it does scanned ones.
public struct ShardRescan {
    public let shard: Shard
    /// The rescan's options with the sharded scan's `--out` as `stateDirectory` and the sharded
    /// rescan's `--out` as `outputDirectory`; each piece's folders are filled in below them.
    public let options: RescanOptions

    public init(shard: Shard, options: RescanOptions) {
        self.shard = shard
        self.options = options
    }

    /// The reports of the shard's pieces, in plan order (none for a shard that had nothing to scan).
    public func run() throws -> [RescanReport] {
        let oldRoot = options.stateDirectory + "/" + shard.directoryName
        let newRoot = options.outputDirectory + "/" + shard.directoryName
        let plan: ShardPlan
        do {
            plan = try ShardPlan.read(from: oldRoot)
        } catch {
            throw RescanError.noShardPlan(path: oldRoot)
        }
        guard plan.index == shard.index, plan.count == shard.count else { throw RescanError.noShardPlan(path: oldRoot) }
        try plan.run(by: options.commandLine).write(to: newRoot)
        return try plan.pieces.map { piece in
            var pieceOptions = options
            pieceOptions.stateDirectory = ShardPlan.directory(of: piece, under: oldRoot)
            pieceOptions.outputDirectory = ShardPlan.directory(of: piece, under: newRoot)
            return try Rescan(options: pieceOptions).run()
        }
    }
}
