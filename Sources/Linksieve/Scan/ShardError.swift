/// Why a shard given on the command line or by the environment cannot be used.
public enum ShardError: Error, Equatable, CustomStringConvertible {
    case badShard(String)
    case badCount(String)
    case indexOutOfRange(index: Int, count: Int)
    case badEnvironment(variable: String, value: String)
    case noIndexInEnvironment
    case shardAndShards

    public var description: String {
        switch self {
        case .badShard(let text):
            "--shard \(text): expected K/N, task K (0-based) of N tasks, such as 0/4"
        case .badCount(let text):
            "a shard count must be a whole number from 1 to \(Shard.maximumCount), not \(text)"
        case .indexOutOfRange(let index, let count):
            "shard \(index) of \(count) does not exist: tasks are numbered 0 to \(count - 1)"
        case .badEnvironment(let variable, let value):
            "\(variable)=\(value) is not a task number"
        case .noIndexInEnvironment:
            "--shards needs the task number from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX, and neither is set; "
                + "outside a scheduler use --shard K/N"
        case .shardAndShards:
            "give either --shard K/N or --shards N (with the task number from the scheduler), not both"
        }
    }
}
