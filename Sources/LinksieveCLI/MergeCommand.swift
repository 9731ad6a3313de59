import ArgumentParser
import Foundation
import Linksieve

/// `linksieve merge OUT --out FINAL`: one result from the shards of a sharded scan or rescan.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the shards of a scan or rescan run with --shard/--shards into one result.",
        discussion: """
            Reads OUT/shard-K-of-N/ for every K from 0 to N-1 and writes into --out what one scan of the \
            whole input would have written: each part's cleansed manifest, quarantine.jsonl, rejected.jsonl, \
            excluded.jsonl, flagged.jsonl (and a rescan's changes.jsonl), in input order, in --out/<part name>/ \
            (or in --out itself when the scan was given one manifest file); with several parts, also one \
            quarantine.jsonl (rejected, excluded, flagged, changes) over all parts, each line naming its part; \
            summary.json (totals and every shard's pieces) and report.html. Nothing is fetched. Refused, naming \
            the shard: a shard missing or unfinished (with the command that reruns it), or one that used \
            other input, lists, list policy or settings. --out may not be OUT or a shard's folder, and is \
            locked while the merge writes. Exit status: 0 merged, 1 refused or failed, 75 --out is in use.
            """)

    @Argument(help: "The --out of the sharded scan or rescan, holding shard-K-of-N folders.")
    var shards: String

    @Option(name: .long, help: "Output directory for the merged result (created if missing).")
    var out: String

    func run() throws {
        let report: MergeReport
        do {
            report = try ShardMerge(shardsDirectory: shards, outputDirectory: out).run()
        } catch MergeError.incomplete(let problems) {
            // One line per problem and per rerun command, each escaped on its own.
            let lines = ["linksieve: error: cannot merge until every shard has finished:"]
                + problems.map { "  " + TerminalText.escaped($0) }
            FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
            throw ExitCode.failure
        } catch {
            Failure.report(error)
            throw Failure.exitCode(for: error)
        }
        print(report.oneLine)
        print("outputs in \(TerminalText.escaped(out))/")
    }
}
