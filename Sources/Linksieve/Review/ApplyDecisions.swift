import Foundation

/// `linksieve apply`: writes a scan's outputs again, into a new directory, with the rows that
/// reviewers judged false positive returned to the cleansed manifest.
///
/// Like a rescan it never changes the state it reads: the new directory gets a copy of the state
/// (decisions log included) with those rows' verdicts set to kept, and fresh outputs, summary and
/// report. Nothing is fetched and no list is loaded.
public struct ApplyDecisions {
    public var stateDirectory: String
    public var outputDirectory: String
    /// A false-positive decision counts only once two different reviewers have made it.
    public var twoPersonRule = false
    public var commandLine = ""

    public init(stateDirectory: String, outputDirectory: String) {
        self.stateDirectory = stateDirectory
        self.outputDirectory = outputDirectory
    }

    /// Returns the report of the new outputs and how many rows came back.
    public func run() throws -> (report: ScanReport, returnedRows: Int) {
        let started = Date()
        let oldPath = stateDirectory + "/state.sqlite"
        guard FileManager.default.fileExists(atPath: oldPath) else { throw RescanError.noState(path: stateDirectory) }
        let standardized = { URL(fileURLWithPath: $0).standardizedFileURL.path }
        guard standardized(stateDirectory) != standardized(outputDirectory) else {
            throw DecisionError.sameDirectory(path: outputDirectory)
        }
        try OutputDirectory.prepare(outputDirectory)
        guard !FileManager.default.fileExists(atPath: outputDirectory + "/state.sqlite") else {
            throw RescanError.existingState(path: outputDirectory)
        }
        let previous = try StateStore(path: oldPath)
        guard let binding = try previous.manifestBinding() else { throw RescanError.noState(path: stateDirectory) }
        guard try ManifestIdentity.of(path: binding.path) == binding.identity else {
            throw RescanError.manifestChanged(path: binding.path)
        }
        let lastRun = try previous.runs().last(where: { $0.summary != nil })

        let state = try previous.copy(to: outputDirectory + "/state.sqlite")
        let returned = try DecisionLog(state: state).rowsReturned(twoPersonRule: twoPersonRule)
        let runID = try state.beginRun(command: commandLine, lists: lastRun?.lists ?? "[]")
        var updates: [RowResult] = []
        let cursor = try state.results()
        while let result = try cursor.next() {
            guard returned.contains(result.row) else { continue }
            var kept = result
            kept.verdict = .kept
            kept.matches = []
            updates.append(kept)
        }
        for update in updates { try state.updateVerdict(of: update) }
        try state.flush()
        let decided = Date()

        var options = ScanOptions(manifestPath: binding.path, listPaths: [], outputDirectory: outputDirectory)
        options.urlColumn = binding.urlColumn
        options.commandLine = commandLine
        // The summary repeats the settings the verdicts were made with.
        let settings = lastRun?.summary.flatMap { JSONValue(parsing: $0) }?["settings"]
        if case .int(let quality)? = settings?["pdq_min_quality"] { options.pdqMinQuality = quality }
        var writer = OutputPass(options: options)
        try writer.write(from: state)
        let finished = Date()

        var report = ScanReport(
            counts: writer.counts, lists: [], options: options,
            durations: .init(
                lists: 0, scan: decided.timeIntervalSince(started), outputs: finished.timeIntervalSince(decided),
                total: finished.timeIntervalSince(started)),
            resumedRows: 0, fetchedThisRun: 0)
        report.changes = ["returned-by-review": returned.count]
        report.commandSettings = [("two_person_rule", .bool(twoPersonRule))]
        report.recordedLists = lastRun.flatMap { JSONValue(parsing: $0.lists) }
        if case .object(let members)? = settings { report.recordedSettings = members.filter { $0.0 != "two_person_rule" } }
        let summary = report.summaryJSON()
        try OutputDirectory.write(summary.pretty() + "\n", to: outputDirectory + "/summary.json", mode: 0o644)
        try state.finishRun(runID, summary: summary.serialized())
        try ReportWriter.write(from: state, to: outputDirectory)
        return (report, returned.count)
    }
}
