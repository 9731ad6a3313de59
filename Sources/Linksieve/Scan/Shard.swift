import Foundation

/// Which share of the input one task of a distributed scan covers: task `index` of `count`
/// (0-based, as Slurm array task IDs and Kubernetes Indexed Job completion indexes are).
/// Each shard writes into its own folder under `--out`, so tasks on different machines never
/// share a state database.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// Largest shard count accepted; beyond it a typo (a row count for a shard count) is more likely than intent.
    public static let maximumCount = 100_000

    public init(index: Int, count: Int) throws(ShardError) {
        guard (1...Self.maximumCount).contains(count) else { throw .badCount("\(count)") }
        guard (0..<count).contains(index) else { throw .indexOutOfRange(index: index, count: count) }
        self.index = index
        self.count = count
    }

    /// Reads `K/N` as given to `--shard`.
    public init(parsing text: String) throws(ShardError) {
        let fields = text.split(separator: "/", omittingEmptySubsequences: false)
        guard fields.count == 2, let index = Int(fields[0]), let count = Int(fields[1]) else { throw .badShard(text) }
        try self.init(index: index, count: count)
    }

    /// The shard of a task launched by a scheduler: K from `SLURM_ARRAY_TASK_ID` or Kubernetes'
    /// `JOB_COMPLETION_INDEX`, N from `--shards`. The count is never taken from
    /// `SLURM_ARRAY_TASK_COUNT`: a resubmitted single index of an array sees a count of 1.
    public init(count: Int, environment: [String: String]) throws(ShardError) {
        for name in Self.indexVariables {
            guard let value = environment[name] else { continue }
            guard let index = Int(value.trimmingCharacters(in: .whitespaces)) else {
                throw .badEnvironment(variable: name, value: value)
            }
            try self.init(index: index, count: count)
            return
        }
        throw .noIndexInEnvironment
    }

    /// The environment variables a task index is read from, in order of preference.
    public static let indexVariables = ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"]

    /// The shard's folder under `--out`.
    public var directoryName: String { "shard-\(index)-of-\(count)" }

    public var description: String { "\(index)/\(count)" }
}
