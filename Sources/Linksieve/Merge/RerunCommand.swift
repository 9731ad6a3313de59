/// The command that reruns one shard, for the message of a merge that finds it missing or
/// unfinished: another shard's own command line with `--shard K/N` in place of its shard (or of
/// `--shards N`), and what a scheduler needs to run that index again.
enum RerunCommand {
    static func hint(for shard: Shard, basedOn command: String?) -> String {
        let given = "--shard \(shard)"
        var scan = "linksieve scan … \(given) (with the same --out)"
        if let command, !command.isEmpty {
            var words = command.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            if let at = words.firstIndex(where: { $0 == "--shard" || $0 == "--shards" }), at + 1 < words.count {
                words.replaceSubrange(at...(at + 1), with: ["--shard", "\(shard)"])
            } else if let at = words.firstIndex(where: { $0.hasPrefix("--shard=") || $0.hasPrefix("--shards=") }) {
                words[at] = "--shard=\(shard)"
            } else {
                words.append(given)
            }
            scan = words.joined(separator: " ")
        }
        return "rerun it with `\(scan)`, or resubmit index \(shard.index) to the scheduler "
            + "(Slurm: `sbatch --array=\(shard.index) …`; Kubernetes: the Indexed Job's index \(shard.index), JOB_COMPLETION_INDEX=\(shard.index))"
    }
}
