import Foundation

/// One `linksieve scan`: manifest → URL stage → fetch → hash → match → outputs.
///
/// The work runs in two passes over the manifest. The first gives every row a verdict and
/// commits it to the state database; rows already there (from an interrupted run) are skipped,
/// so nothing is fetched twice. The second streams the manifest again beside the stored verdicts
/// and writes the outputs in row order. Memory is bounded by the fetch window, not the manifest.
public final class Scan {
    public let options: ScanOptions

    public init(options: ScanOptions) {
        self.options = options
    }

    public func run() throws -> ScanReport {
        let started = Date()
        let directory = options.outputDirectory
        let listFiles = try HashListLoader.listFiles(paths: options.listPaths)
        try InputProtection.check(
            outputs: OutputDirectory.outputPaths(in: directory), inputs: [options.manifestPath] + listFiles)
        try OutputDirectory.prepare(directory)
        let lock = try OutputLock(directory: directory)
        defer { withExtendedLifetime(lock) {} }

        let lists = try HashListLoader.load(
            paths: options.listPaths, defaultAlgorithm: options.listAlgorithm, format: options.listFormat)
        let listPolicy = try ListPolicy.load(path: options.listPolicyPath, for: lists)
        let policy = MatchPolicy(
            lists: lists, pdqThreshold: options.pdqThreshold, pdqMinQuality: options.pdqMinQuality, policy: listPolicy)
        let listsLoaded = Date()

        let state = try StateStore(path: directory + "/state.sqlite")
        try state.bind(toManifest: try ManifestIdentity.binding(path: options.manifestPath, urlColumn: options.urlColumn))
        // A resumed scan must match its remaining rows as the first run matched the others.
        try state.bind(matching: MatchSettings(lists: lists, options: options, policy: listPolicy).fingerprint, replace: false)
        let runID = try state.beginRun(command: options.commandLine, lists: ListProvenance.json(lists).serialized())

        let verdicts = try VerdictPass(options: options, policy: policy, state: state).run()
        let scanned = Date()
        if let stop = options.stop, stop.isRequested { throw Interrupted(signal: stop.signal) }

        // Entries over their list's flood limit hold their rows for review, whatever the list's role.
        let flooded = try state.holdFloodedEntries(limits: listPolicy.floodLimits(for: lists))
        var writer = OutputPass(options: options)
        writer.heldEntries = Set(flooded.map(\.key))
        try writer.write(from: state)
        let finished = Date()

        let durations = ScanReport.Durations(
            lists: listsLoaded.timeIntervalSince(started),
            scan: scanned.timeIntervalSince(listsLoaded),
            outputs: finished.timeIntervalSince(scanned),
            total: finished.timeIntervalSince(started))
        var report = ScanReport(
            counts: writer.counts, lists: lists, options: options, durations: durations,
            resumedRows: verdicts.resumedRows, fetchedThisRun: verdicts.fetchedThisRun,
            sharedFetches: verdicts.sharedFetches)
        report.network = verdicts.network
        report.stageTimes = verdicts.times
        report.listPolicy = listPolicy
        let summary = report.summaryJSON()
        try OutputDirectory.write(summary.pretty() + "\n", to: directory + "/summary.json", mode: 0o666)
        try state.finishRun(runID, summary: summary.serialized())
        try ReportWriter.write(from: state, to: directory)
        return report
    }
}
