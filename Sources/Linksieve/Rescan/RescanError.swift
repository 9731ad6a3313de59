/// Why a rescan cannot start: each names the directory or file at fault.
public enum RescanError: Error, CustomStringConvertible, Equatable {
    case noState(path: String)
    case sameDirectory(path: String)
    case existingState(path: String)
    case manifestChanged(path: String)
    /// `--shard` was given and the shard's folder under `--state` holds no plan of that shard.
    case noShardPlan(path: String)

    public var description: String {
        switch self {
        case .noState(let path):
            return "\(path): no state.sqlite from an earlier scan here"
        case .sameDirectory(let path):
            return "\(path): --out must differ from --state; a rescan writes a new state beside the old one"
        case .existingState(let path):
            return "\(path): already holds a state database; give each rescan a new --out directory"
        case .manifestChanged(let path):
            return "\(path): the manifest changed since the scan that made this state; scan it again"
        case .noShardPlan(let path):
            return "\(path): no shard-plan.json of this shard here; --state must be the --out of `linksieve scan --shard` or `--shards`"
        }
    }
}
