import Foundation

/// `linksieve rescan`: re-matches the hashes an earlier scan stored against today's lists,
/// without fetching anything, and reports what changed.
///
/// The earlier state's rows are only read (an older schema version is upgraded in place on open).
/// The rescan writes a new state (the old one's verdicts
/// brought up to date, and its run history) with fresh outputs into a new directory, plus
/// changes.jsonl: rows newly quarantined, rows no longer matched, and why. With
/// `refreshOlderThan`, stale rows are fetched again first (see `RefreshPass`).
public final class Rescan {
    public let options: RescanOptions

    public init(options: RescanOptions) {
        self.options = options
    }

    public func run() throws -> RescanReport {
        let started = Date()
        let (previous, binding, lock) = try openPreviousState()
        defer { withExtendedLifetime(lock) {} }
        let lists = try HashListLoader.load(
            paths: options.listPaths, defaultAlgorithm: options.listAlgorithm, format: options.listFormat)
        let listPolicy = try ListPolicy.load(path: options.listPolicyPath, for: lists)
        let policy = MatchPolicy(
            lists: lists, pdqThreshold: options.pdqThreshold, pdqMinQuality: options.pdqMinQuality, policy: listPolicy,
            pdqLayout: .sequential)
        let listsLoaded = Date()
        var scanOptions = ScanOptions(
            manifestPath: binding.path, listPaths: options.listPaths, outputDirectory: options.outputDirectory)
        scanOptions.urlColumn = binding.urlColumn
        scanOptions.pdqThreshold = options.pdqThreshold
        scanOptions.pdqMinQuality = options.pdqMinQuality
        scanOptions.hashStage = options.hashStage
        scanOptions.fetch = options.fetch
        scanOptions.listPolicyPath = options.listPolicyPath

        // The new state starts as a copy of the old one (history included); only what changes is rewritten.
        let state = try previous.copy(to: options.outputDirectory + "/state.sqlite")
        // A state from before schema version 3 takes the whole-file fingerprint from here on.
        try state.bind(toManifest: binding)
        try state.bind(matching: MatchSettings(lists: lists, options: scanOptions, policy: listPolicy).fingerprint, replace: true)
        let runID = try state.beginRun(command: options.commandLine, lists: ListProvenance.json(lists).serialized())

        let changes = try LineFileWriter(path: options.outputDirectory + "/changes.jsonl", mode: 0o600)
        var tally = ChangeTally()
        let progress = ProgressLine(enabled: options.showProgress)
        let stop = options.stop
        let reportChanges: (RowResult, RowResult) throws -> Void = { old, new in
            if let stop, stop.isRequested { throw Interrupted(signal: stop.signal) }
            progress.rowRead()
            progress.settled(new)
            for (change, detail) in Self.changes(from: old, to: new) {
                try changes.writeLine(RowChange.json(change, new, previous: old, detail: detail))
                try state.recordChange(run: runID, row: new.row, change: change.rawValue, detail: detail)
                tally.count(change)
            }
        }
        // Entries that flooded in the previous state hold their rows through the re-match, so that
        // changes.jsonl does not report those rows as leaving quarantine; entries that flood only now
        // are held after it.
        let heldBefore = Set(try previous.floodedEntries(limits: listPolicy.floodLimits(for: lists)).map(\.key))
        var requests = 0
        do {
            if let age = options.refreshOlderThan {
                let refresh = RefreshPass(options: options, policy: policy, cutoff: started.timeIntervalSince1970 - age)
                requests = try refresh.run(previous: previous) { old, rematched, refetched in
                    let new = FloodedEntry.hold(rematched, entries: heldBefore)
                    try reportChanges(old, new)
                    if refetched {
                        try state.record(new)
                    } else if new.verdict != old.verdict || new.matches != old.matches {
                        try state.updateVerdict(of: new)
                    }
                }
            } else {
                try Self.rematchAll(from: previous, policy: policy, dropGone: options.dropGone) { old, rematched in
                    let new = FloodedEntry.hold(rematched, entries: heldBefore)
                    try reportChanges(old, new)
                    if new.verdict != old.verdict || new.matches != old.matches { try state.updateVerdict(of: new) }
                }
            }
            if let stop, stop.isRequested { throw Interrupted(signal: stop.signal) }
        } catch let interrupted as Interrupted {
            progress.finish()
            // A rescan does not resume: remove its unfinished state so that the same command runs again.
            for suffix in ["", "-wal", "-shm"] { unlink(options.outputDirectory + "/state.sqlite" + suffix) }
            throw Interrupted(
                signal: interrupted.signal,
                rerun: "the unfinished rescan was removed from \(options.outputDirectory); rerun the same command to start it again")
        }
        progress.finish()
        try state.flush()
        try changes.commit()
        let matched = Date()

        // As in a scan: entries over their list's flood limit hold their rows for review.
        let flooded = try state.holdFloodedEntries(limits: listPolicy.floodLimits(for: lists))
        var writer = OutputPass(options: scanOptions)
        writer.heldEntries = Set(flooded.map(\.key))
        try writer.write(from: state)
        let finished = Date()

        var report = ScanReport(
            counts: writer.counts, lists: lists, options: scanOptions,
            durations: .init(
                lists: listsLoaded.timeIntervalSince(started), scan: matched.timeIntervalSince(listsLoaded),
                outputs: finished.timeIntervalSince(matched), total: finished.timeIntervalSince(started)),
            resumedRows: 0, fetchedThisRun: requests)
        report.changes = tally.counts
        report.listPolicy = listPolicy
        report.commandSettings = [
            ("drop_gone", .bool(options.dropGone)),
            ("refresh_older_than_seconds", options.refreshOlderThan.map { .double($0) } ?? .null),
        ]
        let summary = report.summaryJSON()
        try OutputDirectory.write(summary.pretty() + "\n", to: options.outputDirectory + "/summary.json", mode: 0o666)
        try state.finishRun(runID, summary: summary.serialized())
        try ReportWriter.write(from: state, to: options.outputDirectory)
        return RescanReport(scan: report, changes: tally.counts, requests: requests)
    }

    /// Opens the earlier state read-only in effect, checks the manifest it describes is unchanged,
    /// and locks the new output directory, refusing one that is the old one or would overwrite an input.
    /// Returns the manifest's current binding.
    private func openPreviousState() throws -> (StateStore, ManifestBinding, OutputLock) {
        let oldPath = options.stateDirectory + "/state.sqlite"
        guard FileManager.default.fileExists(atPath: oldPath) else { throw RescanError.noState(path: options.stateDirectory) }
        let standardized = { URL(fileURLWithPath: $0).standardizedFileURL.path }
        let stateDirectory = FileIdentity(path: options.stateDirectory)
        guard standardized(options.stateDirectory) != standardized(options.outputDirectory),
              stateDirectory == nil || stateDirectory != FileIdentity(path: options.outputDirectory)
        else {
            throw RescanError.sameDirectory(path: options.outputDirectory)
        }
        let outputs = OutputDirectory.outputPaths(in: options.outputDirectory)
        let listFiles = try HashListLoader.listFiles(paths: options.listPaths)
        try InputProtection.check(
            outputs: outputs, inputs: ["", "-wal", "-shm"].map { oldPath + $0 } + listFiles)
        try OutputDirectory.prepare(options.outputDirectory)
        let lock = try OutputLock(directory: options.outputDirectory)
        guard !FileManager.default.fileExists(atPath: options.outputDirectory + "/state.sqlite") else {
            throw RescanError.existingState(path: options.outputDirectory)
        }
        let previous = try StateStore(path: oldPath)
        guard let stored = try previous.manifestBinding() else { throw RescanError.noState(path: options.stateDirectory) }
        try InputProtection.check(outputs: outputs, inputs: [stored.path])
        let current = try ManifestIdentity.binding(path: stored.path, urlColumn: stored.urlColumn)
        guard try previous.describes(current) else { throw RescanError.manifestChanged(path: stored.path) }
        return (previous, current, lock)
    }

    /// A row's verdict against today's lists, from what is stored: its URL first (as a scan
    /// matches before fetching), then its stored digests and PDQ.
    static func rematch(_ old: RowResult, policy: MatchPolicy, dropGone: Bool) -> RowResult {
        guard old.verdict != .rejected else { return old }
        var new = old
        new.matches = []
        if let raw = old.url { new.matches = policy.matches(rawURL: raw) }
        if !policy.quarantines(new.matches), let final = old.fetch?.finalURL {
            new.matches += policy.matches(finalURL: final, rowURL: old.url)
        }
        if !policy.quarantines(new.matches), let content = old.content {
            new.matches = policy.matches(content: content, urlMatches: new.matches)
        }
        if policy.quarantines(new.matches) {
            new.verdict = .quarantined
            new.reason = nil
            new.detail = nil
        } else if dropGone, let fetch = new.fetch, RefreshPass.isGone(fetch) {
            new.verdict = .excluded
            new.reason = "gone"
            new.detail = "the URL answered \(fetch.outcome) when refreshed"
        } else if old.verdict == .excluded, old.reason == "opted-out", new.fetch?.optedOut == true {
            // Still opted out (the scan that excluded it asked for that); a refresh may have found otherwise.
            new.verdict = .excluded
        } else {
            new.verdict = .kept
            if old.verdict == .excluded { (new.reason, new.detail) = (nil, nil) }
        }
        return new
    }

    /// Re-matches every stored row, a batch at a time on every core, recording in row order.
    static func rematchAll(
        from previous: StateStore, policy: MatchPolicy, dropGone: Bool, record: (RowResult, RowResult) throws -> Void
    ) throws {
        let cursor = try previous.matchableResults()
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let chunk = 2048
        var batch: [RowResult] = []
        batch.reserveCapacity(workers * chunk)
        var finished = false
        while !finished {
            batch.removeAll(keepingCapacity: true)
            while batch.count < workers * chunk, let old = try cursor.next() { batch.append(old) }
            finished = batch.count < workers * chunk
            var current = [RowResult?](repeating: nil, count: batch.count)
            let input = batch
            current.withUnsafeMutableBufferPointer { output in
                let output = UnsafeSendableBuffer(output)
                DispatchQueue.concurrentPerform(iterations: (input.count + chunk - 1) / chunk) { part in
                    for index in part * chunk..<min(input.count, (part + 1) * chunk) {
                        output.buffer[index] = rematch(input[index], policy: policy, dropGone: dropGone)
                    }
                }
            }
            for (old, new) in zip(batch, current) { try record(old, new!) }
        }
    }

    /// What differs between a row's earlier and current result, each with a one-line reason.
    static func changes(from old: RowResult, to new: RowResult) -> [(RowChange, String)] {
        var changes: [(RowChange, String)] = []
        if let before = old.content?.digests.sha256, let after = new.content?.digests.sha256, before != after {
            changes.append((.contentChanged, "the URL now serves different bytes"))
        }
        if let fetch = new.fetch, RefreshPass.isGone(fetch), !(old.fetch.map(RefreshPass.isGone) ?? false) {
            changes.append((.gone, "the URL answered \(fetch.outcome)"))
        }
        if old.verdict != .quarantined, new.verdict == .quarantined, let match = new.matches.first {
            changes.append((.newlyQuarantined, "matches \(match.list) (\(match.algorithm.rawValue), label \(match.label))"))
        } else if old.verdict == .quarantined, new.verdict != .quarantined {
            let lists = Set(old.matches.map(\.list)).sorted().joined(separator: ", ")
            var detail = new.content?.digests == old.content?.digests
                ? "the entries it matched in \(lists) no longer match (withdrawn, or the settings changed)"
                : "its new content no longer matches \(lists)"
            if new.content == nil { detail += "; it was never fetched, so its content is unchecked (rescan with --refresh-older-than)" }
            changes.append((.noLongerMatched, detail))
        }
        return changes
    }
}

/// How many rows changed in each way.
struct ChangeTally {
    private(set) var counts: [String: Int] = Dictionary(uniqueKeysWithValues: RowChange.allCases.map { ($0.rawValue, 0) })

    mutating func count(_ change: RowChange) { counts[change.rawValue, default: 0] += 1 }
}

/// What a rescan reports: the outputs' figures and what changed.
public struct RescanReport {
    public let scan: ScanReport
    /// Rows per change kind (`newly-quarantined`, `no-longer-matched`, `content-changed`, `gone`).
    public let changes: [String: Int]
    /// Rows fetched again (0 without a refresh); retries are not counted.
    public let requests: Int

    public var newMatches: Int { changes[RowChange.newlyQuarantined.rawValue] ?? 0 }
}
