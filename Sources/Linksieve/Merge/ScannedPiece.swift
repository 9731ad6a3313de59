import Foundation

/// One finished piece of a sharded scan or rescan as a merge finds it: where its outputs are, the
/// summary its run ended with, the manifest fingerprint and URL column its state is bound to,
/// and the match figures of its state (for report.html).
struct ScannedPiece {
    let shard: Shard
    let piece: ShardPlan.Piece
    /// The folder holding the piece's outputs and state.
    let directory: String
    /// The run's summary, as the state recorded it when the run finished.
    let summary: JSONValue
    let manifestIdentity: String?
    let urlColumn: String?
    let aggregates: MatchAggregates

    /// The output files every finished piece has, besides its cleansed manifest.
    static let lineFiles = ["quarantine.jsonl", "rejected.jsonl", "excluded.jsonl", "flagged.jsonl", "changes.jsonl"]

    /// A piece read from its folder, or why it is not finished.
    enum Reading {
        case finished(ScannedPiece)
        case unfinished(String)
    }

    /// Reads the piece in `directory`, or says why it is not finished.
    static func read(shard: Shard, piece: ShardPlan.Piece, directory: String) throws -> Reading {
        let statePath = directory + "/state.sqlite"
        guard FileManager.default.fileExists(atPath: statePath) else {
            return .unfinished("\(directory) has no state.sqlite: the task did not start this piece")
        }
        let state = try StateStore(path: statePath)
        guard let run = try state.runs().last else { return .unfinished("\(statePath) records no run") }
        guard run.finishedAt != nil, let text = run.summary, let summary = JSONValue(parsing: text) else {
            return .unfinished("\(directory): its last run did not finish (failed, killed or still running)")
        }
        for name in ["summary.json", "quarantine.jsonl", "rejected.jsonl", "excluded.jsonl"]
        where !FileManager.default.fileExists(atPath: directory + "/" + name) {
            return .unfinished("\(directory) has no \(name)")
        }
        guard cleansedName(in: directory) != nil else { return .unfinished("\(directory) has no cleansed manifest") }
        let binding = try state.manifestBinding()
        return .finished(ScannedPiece(
            shard: shard, piece: piece, directory: directory, summary: summary, manifestIdentity: binding?.identity,
            urlColumn: binding?.urlColumn, aggregates: try state.matchAggregates(limit: -1)))
    }

    /// The name of the cleansed manifest in `directory` (`cleansed.csv`, `cleansed.parquet`, …).
    static func cleansedName(in directory: String) -> String? {
        OutputDirectory.fileNames.first { $0.hasPrefix("cleansed.") && FileManager.default.fileExists(atPath: directory + "/" + $0) }
    }
}
