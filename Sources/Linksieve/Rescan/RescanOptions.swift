import Foundation

/// What a rescan needs: the state of an earlier run, the lists to match now, and where to write.
public struct RescanOptions: Sendable {
    /// The output directory of an earlier scan or rescan (it holds state.sqlite).
    public var stateDirectory: String
    public var listPaths: [String]
    /// The algorithm of list files that do not name one (one bare digest per line).
    public var listAlgorithm: HashAlgorithm?
    /// Forces the layout of every list (`--list-format`) instead of deciding it from the content.
    public var listFormat: HashListFormat?
    /// A list policy file (`--list-policy`): per-list thresholds, roles and flood limits.
    public var listPolicyPath: String?
    /// Where the new outputs and the new state go; must differ from `stateDirectory`.
    public var outputDirectory: String
    public var pdqThreshold = ScanOptions.defaultPDQThreshold
    public var pdqMinQuality = ScanOptions.defaultPDQMinQuality
    /// Re-fetch rows last fetched longer ago than this many seconds (nil: no network at all).
    public var refreshOlderThan: Double?
    /// Rows whose URL is now gone (404, 410, DNS failure) leave the cleansed manifest for
    /// excluded.jsonl; by default they stay, as fetch failures do in a scan.
    public var dropGone = false
    public var fetch = FetchOptions()
    /// How re-fetched bodies are decoded and hashed.
    public var hashStage = HashStage()
    public var showProgress = false
    /// Set to stop the rescan early (Ctrl-C): the unfinished new state is removed from
    /// `outputDirectory`, so the same command can be run again; the earlier state is never touched.
    public var stop: StopRequest?
    public var commandLine = ""

    public init(stateDirectory: String, listPaths: [String], outputDirectory: String) {
        self.stateDirectory = stateDirectory
        self.listPaths = listPaths
        self.outputDirectory = outputDirectory
    }
}
