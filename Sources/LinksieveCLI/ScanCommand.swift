import ArgumentParser
import Foundation
import Linksieve

/// `linksieve scan`: the whole pipeline over one manifest.
struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Fetch, hash and match every row of a manifest; write a cleansed manifest and a quarantine report.",
        discussion: """
            Outputs in --out: cleansed.<ext> (the input minus quarantined and rejected rows, same format and \
            columns), quarantine.jsonl (why each removed row was removed; owner-only, it names matched content), \
            rejected.jsonl (rows that could not be read or have no usable URL), excluded.jsonl (rows left out \
            for another reason: --drop-opted-out), summary.json (publishable \
            counts, list digests and settings) and state.sqlite (per-row results; owner-only). Rerunning the same \
            command resumes an interrupted scan without fetching completed rows again. A folder of manifests (or \
            several) is scanned part by part, each into --out/<part name>/; linksieve's own output files in a \
            folder are skipped. With --shard K/N (or --shards N and the task number from SLURM_ARRAY_TASK_ID or \
            JOB_COMPLETION_INDEX) the scan covers one task's share of the input (whole parts, or a row range when there \
            are fewer parts than tasks) and writes into --out/shard-K-of-N/. URLs are matched in one canonical \
            form (parsed by libcurl, host names mapped by UTS 46, userinfo dropped, escapes and dot segments \
            resolved), which is also the form fetched; a redirect to a listed URL or domain quarantines the row \
            (stage redirect) without requesting the target. Rows whose URLs normalise to the same \
            string share one fetch and one verdict. Ctrl-C (or SIGTERM) stops the scan cleanly: finished rows are \
            kept, and the exit status is 130 (143 for SIGTERM); rerun the same command to resume. \
            An output that is an input (the same file, also through a link) is refused, and --out is locked \
            while a scan writes there. Exit status: 0 done, 1 failed, 2 some parts failed and the others were \
            scanned (--keep-going), 75 --out is in use by another run, 64 bad arguments, 130/143 interrupted.
            """)

    /// Exit status when, with --keep-going, some parts failed and the others were scanned (all failed: 1).
    static let somePartsFailedExitCode: Int32 = 2

    @Argument(help: ArgumentHelp(
        "Manifests: .csv, .tsv or .jsonl (optionally .gz), or .parquet (nested columns carried through); or folders of them.",
        discussion: "With more than one manifest, each part's outputs go to --out/<part name>/."))
    var manifests: [String]

    @OptionGroup var lists: ListArguments

    @Option(name: .long, help: "Output directory (created if missing).")
    var out: String

    @Option(name: .long, help: "The manifest column holding the URL (default: url, image_url or link, any case); a flat column, not one inside a Parquet list, struct or map.")
    var urlColumn: String?

    @OptionGroup var fetch: FetchArguments
    @OptionGroup var hashing: HashingArguments

    @OptionGroup var matching: MatchArguments

    @Flag(help: "Rows whose server sends X-Robots-Tag noai or noimageai go to excluded.jsonl instead of the cleansed manifest (default: kept, recorded and counted).")
    var dropOptedOut = false

    @Option(
        name: .long, parsing: .unconditional, help: "Threads decoding and hashing fetched images (default: one per core).",
        transform: NumericOption.integer("--hash-workers", 1...1024))
    var hashWorkers: Int?

    @Flag(inversion: .prefixedNo, help: "Show a progress line on stderr (default: when stderr is a terminal).")
    var progress: Bool?

    @OptionGroup var sharding: ShardArguments

    @Flag(help: "With several parts, go on after a part fails; the failed parts are listed at the end and the exit status is 2 (1 if every part failed).")
    var keepGoing = false

    func run() throws {
        let parts = try Failure.reported {
            try ManifestParts.expand(manifests) {
                print("skipped \(TerminalText.escaped($0)): a linksieve output, not a manifest")
            }
        }
        let shard = try Failure.reported { try sharding.resolved() }
        let pieces: [ShardAssignment.Piece] = try Failure.reported {
            guard let shard else { return parts.map { ShardAssignment.Piece(part: $0, rows: nil) } }
            return try ShardAssignment.pieces(for: shard, of: parts, urlColumn: urlColumn)
        }
        let root = shard.map { out + "/" + $0.directoryName } ?? out
        let oneFile = parts == manifests && parts.count == 1
        if let shard {
            let plan = ShardPlan(
                shard: shard, parts: parts, pieces: pieces, oneFile: oneFile, command: CommandLine.arguments.joined(separator: " "))
            try Failure.reported { try plan.write(to: root) }
            if pieces.isEmpty {
                print("shard \(shard): the input has fewer rows (or Parquet row groups) than shards; nothing to scan")
            }
        }
        StopRequest.installSignalHandlers()
        var failed: [(part: String, error: any Error)] = []
        for piece in pieces {
            let part = piece.part
            let directory = oneFile ? root : ManifestParts.outputDirectory(for: part, under: root)
            var options = ScanOptions(manifestPath: part, listPaths: lists.lists, outputDirectory: directory)
            options.shard = shard
            options.rows = piece.rows
            options.urlColumn = urlColumn
            options.listAlgorithm = lists.defaultAlgorithm
            options.listFormat = lists.format
            options.fetch = fetch.options
            options.hashStage = hashing.stage
            options.pdqThreshold = matching.pdqThreshold
            options.pdqMinQuality = matching.pdqMinQuality
            options.listPolicyPath = matching.listPolicy
            if let hashWorkers { options.hashWorkers = hashWorkers }
            options.dropOptedOut = dropOptedOut
            options.showProgress = progress ?? (isatty(STDERR_FILENO) == 1)
            options.stop = StopRequest.process
            options.commandLine = CommandLine.arguments.joined(separator: " ")
            try Failure.reported {
                do {
                    let report = try Scan(options: options).run()
                    print("\(TerminalText.escaped(part)): \(report.oneLine)")
                    print("outputs in \(TerminalText.escaped(directory))/")
                } catch where keepGoing && !(error is Interrupted) {
                    Failure.report(error)
                    failed.append((part, error))
                }
            }
        }
        guard failed.isEmpty else {
            print("\(pieces.count - failed.count) of \(pieces.count) parts scanned; \(failed.count) failed:")
            for (part, error) in failed {
                print("  failed \(TerminalText.escaped(part)): \(TerminalText.escaped("\(error)"))")
            }
            throw failed.count < pieces.count ? ExitCode(Self.somePartsFailedExitCode) : ExitCode.failure
        }
    }
}
