import ArgumentParser
import Foundation
import Linksieve

extension TimeSpan: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

/// `linksieve rescan`: re-match an earlier scan's stored hashes against today's lists.
struct RescanCommand: ParsableCommand {
    /// Exit status when the rescan found rows that newly match a list (0: none; 1: the rescan failed).
    static let newMatchesExitCode: Int32 = 3

    static let configuration = CommandConfiguration(
        commandName: "rescan",
        abstract: "Re-match an earlier scan's stored hashes against new lists, without fetching; report what changed.",
        discussion: """
            Reads --state (the --out of an earlier scan or rescan; its rows are not modified) and writes into --out a new \
            state.sqlite, cleansed manifest, quarantine.jsonl, rejected.jsonl, excluded.jsonl, summary.json and \
            changes.jsonl (rows newly quarantined, no longer matched, content changed, gone; owner-only). \
            With --refresh-older-than, rows last fetched before then are fetched again with conditional requests \
            (a 304 costs no download and no re-hash). --out may not be --state (also through a link) and none of its \
            outputs may be an input; it is locked while the rescan writes there. Exit status: 0 no new matches, \
            3 new matches found, 1 failed, 75 --out is in use by another run, 130 (143 for SIGTERM) interrupted: \
            the unfinished new state is removed and the same command can be run again. With --shard K/N (or \
            --shards N and the task number from the scheduler), --state and --out are the --out folders of a sharded \
            scan and rescan: the shard's pieces are rescanned from --state/shard-K-of-N/ into --out/shard-K-of-N/, \
            and `linksieve merge` combines the rescanned shards and their changes.jsonl.
            """)

    @Option(name: .long, help: "Directory of the earlier scan or rescan (holds state.sqlite).")
    var state: String

    @OptionGroup var lists: ListArguments

    @Option(name: .long, help: "New output directory (must not already hold a state database).")
    var out: String

    @Option(name: .long, help: "Re-fetch rows last fetched longer ago than this (e.g. 30d, 12h, 0s).")
    var refreshOlderThan: TimeSpan?

    @Flag(help: "Rows whose URL is now gone (404, 410, DNS) leave the cleansed manifest for excluded.jsonl (default: they stay, like other fetch failures).")
    var dropGone = false

    @OptionGroup var matching: MatchArguments

    @Flag(inversion: .prefixedNo, help: "Show a progress line on stderr (default: when stderr is a terminal).")
    var progress: Bool?

    @OptionGroup var fetch: FetchArguments
    @OptionGroup var hashing: HashingArguments

    @OptionGroup var sharding: ShardArguments

    func run() throws {
        var options = RescanOptions(stateDirectory: state, listPaths: lists.lists, outputDirectory: out)
        options.listAlgorithm = lists.defaultAlgorithm
        options.listFormat = lists.format
        options.refreshOlderThan = refreshOlderThan?.seconds
        options.dropGone = dropGone
        options.pdqThreshold = matching.pdqThreshold
        options.pdqMinQuality = matching.pdqMinQuality
        options.listPolicyPath = matching.listPolicy
        options.fetch = fetch.options
        options.hashStage = hashing.stage
        options.showProgress = progress ?? (isatty(STDERR_FILENO) == 1)
        StopRequest.installSignalHandlers()
        options.stop = StopRequest.process
        options.commandLine = CommandLine.arguments.joined(separator: " ")
        let shard = try Failure.reported { try sharding.resolved() }
        let reports = try Failure.reported {
            guard let shard else { return [try Rescan(options: options).run()] }
            return try ShardRescan(shard: shard, options: options).run()
        }
        for report in reports {
            print(report.scan.oneLine)
            print("changes: " + report.changes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                  + "; \(report.requests) rows fetched again")
        }
        print("outputs in \(TerminalText.escaped(shard.map { out + "/" + $0.directoryName } ?? out))/")
        if reports.contains(where: { $0.newMatches > 0 }) { throw ExitCode(Self.newMatchesExitCode) }
    }
}
