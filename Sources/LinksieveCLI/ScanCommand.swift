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
            several) is scanned part by part, each into --out/<part name>/.
            """)

    @Argument(help: ArgumentHelp(
        "Manifests: .csv, .tsv or .jsonl (optionally .gz), or .parquet; or folders of them.",
        discussion: "With more than one manifest, each part's outputs go to --out/<part name>/."))
    var manifests: [String]

    @OptionGroup var lists: ListArguments

    @Option(name: .long, help: "Output directory (created if missing).")
    var out: String

    @Option(name: .long, help: "The manifest column holding the URL (default: url, image_url or link, any case).")
    var urlColumn: String?

    @OptionGroup var fetch: FetchArguments
    @OptionGroup var hashing: HashingArguments

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A list policy (JSON): per list pdq_threshold, min_quality, category, role (block, flag, negative), flood_limit.",
            discussion: "See Hashlists/README.md. Its SHA-256 is recorded; a resume with another policy is refused.",
            valueName: "file"))
    var listPolicy: String?

    @Option(name: .long, help: "Largest PDQ Hamming distance that counts as a match.")
    var pdqThreshold = 31

    @Option(name: .long, help: "Images with a lower PDQ quality are reported as low quality, not matched.")
    var pdqMinQuality = 50

    @Flag(help: "Rows whose server sends X-Robots-Tag noai or noimageai go to excluded.jsonl instead of the cleansed manifest (default: kept, recorded and counted).")
    var dropOptedOut = false

    @Option(name: .long, help: "Threads decoding and hashing fetched images (default: one per core).")
    var hashWorkers = ProcessInfo.processInfo.activeProcessorCount

    @Flag(inversion: .prefixedNo, help: "Show a progress line on stderr (default: when stderr is a terminal).")
    var progress = isatty(STDERR_FILENO) == 1

    func validate() throws {
        guard (0...256).contains(pdqThreshold) else { throw ValidationError("--pdq-threshold must be 0…256") }
        guard (0...100).contains(pdqMinQuality) else { throw ValidationError("--pdq-min-quality must be 0…100") }
        guard hashWorkers > 0 else { throw ValidationError("--hash-workers must be at least 1") }
    }

    func run() throws {
        let parts = try Failure.reported { try ManifestParts.expand(manifests) }
        for part in parts {
            let directory = parts == manifests && parts.count == 1 ? out : ManifestParts.outputDirectory(for: part, under: out)
            var options = ScanOptions(manifestPath: part, listPaths: lists.lists, outputDirectory: directory)
            options.urlColumn = urlColumn
            options.listAlgorithm = lists.defaultAlgorithm
            options.listFormat = lists.format
            options.fetch = fetch.options
            options.hashStage = hashing.stage
            options.pdqThreshold = pdqThreshold
            options.pdqMinQuality = pdqMinQuality
            options.listPolicyPath = listPolicy
            options.hashWorkers = hashWorkers
            options.dropOptedOut = dropOptedOut
            options.showProgress = progress
            options.commandLine = CommandLine.arguments.joined(separator: " ")
            let report = try Failure.reported { try Scan(options: options).run() }
            print("\(part): \(report.oneLine)")
            print("outputs in \(directory)/")
        }
    }
}
