import Foundation

/// Everything a scan needs to know, with the defaults the CLI documents.
public struct ScanOptions: Sendable {
    public var manifestPath: String
    public var listPaths: [String]
    /// The algorithm of list files that do not name one (one bare digest per line).
    public var listAlgorithm: HashAlgorithm?
    /// Forces the layout of every list (`--list-format`) instead of deciding it from the content.
    public var listFormat: HashListFormat?
    /// A list policy file (`--list-policy`): per-list thresholds, roles and flood limits.
    public var listPolicyPath: String?
    public var outputDirectory: String
    /// The manifest column holding the URL; found by name when nil.
    public var urlColumn: String?
    public var fetch = FetchOptions()
    /// Largest Hamming distance that counts as a PDQ match (Meta's recommended 31 of 256).
    public var pdqThreshold = defaultPDQThreshold
    /// Images whose PDQ quality is below this are reported as low quality instead of matched.
    public var pdqMinQuality = defaultPDQMinQuality
    public static let defaultPDQThreshold = 31
    public static let defaultPDQMinQuality = 50
    /// How fetched bodies are decoded and hashed: pixel cap, PDQ convention, dihedral hashes
    /// (matched too when on), fast JPEG decoding.
    public var hashStage = HashStage()
    /// Rows whose server sent `X-Robots-Tag: noai` or `noimageai` leave the cleansed manifest for
    /// excluded.jsonl. Off by default: linksieve's job is removing listed content, and a consent
    /// policy is the dataset maintainer's to choose; the directives are recorded and counted either way.
    public var dropOptedOut = false
    /// Threads decoding and hashing fetched bodies.
    public var hashWorkers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Show a one-line progress display on stderr (the CLI turns it on when stderr is a terminal).
    public var showProgress = false
    /// Set to stop the scan early (Ctrl-C): finished rows are committed and `run` throws
    /// `Interrupted`; rerunning resumes. Nil: the scan runs to the end.
    public var stop: StopRequest?
    /// The command line, recorded in the state database's run history.
    public var commandLine = ""

    public init(manifestPath: String, listPaths: [String], outputDirectory: String) {
        self.manifestPath = manifestPath
        self.listPaths = listPaths
        self.outputDirectory = outputDirectory
    }
}
