import Foundation

/// The second pass of a scan: streams the manifest beside the stored verdicts, in row order,
/// and writes each row to exactly one of the cleansed manifest, quarantine.jsonl,
/// rejected.jsonl or excluded.jsonl, counting as it goes. Kept rows with matches that do not
/// quarantine (flag-role lists, negative-list suppression) are also listed in flagged.jsonl. The files
/// replace earlier ones only when complete; a row whose URL is not the one its stored verdict was reached
/// for stops the pass, and no temporary is left.
struct OutputPass {
    let options: ScanOptions
    /// Entries over their list's flood limit (`FloodedEntry.key`): their matches are marked held for review.
    var heldEntries: Set<String> = []
    private(set) var counts = OutputCounts()

    init(options: ScanOptions) {
        self.options = options
    }

    mutating func write(from state: StateStore) throws {
        let reader = try ManifestInput.open(path: options.manifestPath, urlColumn: options.urlColumn)
        let directory = options.outputDirectory
        let cleansed = try CleansedManifest.writer(for: reader, in: directory)
        // The quarantine report names matched content: owner-only.
        let quarantine = try LineFileWriter(path: directory + "/quarantine.jsonl", mode: 0o600)
        let rejected = try LineFileWriter(path: directory + "/rejected.jsonl", mode: 0o666)
        let excluded = try LineFileWriter(path: directory + "/excluded.jsonl", mode: 0o666)
        // Flagged rows name matched content too: owner-only.
        let flagged = try LineFileWriter(path: directory + "/flagged.jsonl", mode: 0o600)

        // A shard covering a range of rows writes only those rows.
        let rows = options.rows
        func nextRecord() throws -> ManifestRecord? {
            while let record = try reader.next() {
                guard let rows else { return record }
                if record.index >= rows.upperBound { return nil }
                if rows.contains(record.index) { return record }
            }
            return nil
        }

        var counts = OutputCounts()
        let minQuality = options.pdqMinQuality
        let heldEntries = self.heldEntries
        try state.forEachResult { stored in
            let result = FloodedEntry.hold(stored, entries: heldEntries)
            guard let record = try nextRecord() else {
                throw ScanError.manifestChanged(
                    path: options.manifestPath, message: "has fewer rows than the state database (row \(result.row))")
            }
            guard record.index == result.row else {
                throw ScanError.manifestChanged(
                    path: options.manifestPath,
                    message: "row \(record.index) has no verdict in the state database; rerun the scan to finish it")
            }
            // A verdict belongs to the URL it was reached for: a row edited since (same file length,
            // a resumed run, a rescan) must not inherit another URL's verdict.
            let written: String? = if case .success(let url) = record.url { url } else { nil }
            guard written == result.url else {
                let line = record.line > 0 ? " (line \(record.line))" : ""
                throw ScanError.manifestChanged(
                    path: options.manifestPath,
                    message: "row \(record.index)\(line) has another URL than the one the state database holds for it: "
                        + "the manifest changed after it was scanned; scan it into a new --out")
            }
            counts.add(result, minQuality: minQuality)
            try cleansed.add(record, keep: result.verdict == .kept)
            if result.verdict != .quarantined, !result.matches.isEmpty {
                try flagged.writeLine(QuarantineRecord.json(result))
            }
            switch result.verdict {
            case .kept:
                break
            case .quarantined:
                try quarantine.writeLine(QuarantineRecord.json(result))
            case .rejected:
                // Parquet rows have no line number.
                try rejected.writeLine(.object([
                    ("row", .int(result.row)), ("line", record.line > 0 ? .int(record.line) : .null),
                    ("reason", .of(result.reason)), ("detail", .of(result.detail)), ("url", .of(result.url)),
                ]))
            case .excluded:
                try excluded.writeLine(.object([
                    ("row", .int(result.row)), ("reason", .of(result.reason)), ("detail", .of(result.detail)),
                    ("url", .of(result.url)),
                ]))
            }
        }
        if let extra = try nextRecord() {
            throw ScanError.manifestChanged(
                path: options.manifestPath,
                message: "row \(extra.index) has no verdict in the state database; rerun the scan to finish it")
        }
        try cleansed.finish()
        try quarantine.commit()
        try rejected.commit()
        try excluded.commit()
        try flagged.commit()
        self.counts = counts
    }
}
