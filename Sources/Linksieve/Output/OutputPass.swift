import Foundation

/// The second pass of a scan: streams the manifest beside the stored verdicts, in row order,
/// and writes each row to exactly one of the cleansed manifest, quarantine.jsonl or
/// rejected.jsonl, counting as it goes. The files replace earlier ones only when complete.
struct OutputPass {
    let options: ScanOptions
    let lists: [HashList]
    private(set) var counts = OutputCounts()

    init(options: ScanOptions, lists: [HashList]) throws {
        self.options = options
        self.lists = lists
    }

    mutating func write(from state: StateStore) throws {
        let reader = try ManifestReader(path: options.manifestPath, urlColumn: options.urlColumn)
        let directory = options.outputDirectory
        let cleansedName = "cleansed." + reader.format.rawValue + (reader.isGzipped ? ".gz" : "")
        let cleansedPath = directory + "/" + cleansedName
        let cleansed = try ManifestWriter(
            path: cleansedPath + ".partial", format: reader.format, gzip: reader.isGzipped, header: reader.header)
        // The quarantine report names matched content: owner-only.
        let quarantine = try LineFileWriter(path: directory + "/quarantine.jsonl", mode: 0o600)
        let rejected = try LineFileWriter(path: directory + "/rejected.jsonl", mode: 0o644)

        var counts = OutputCounts()
        let minQuality = options.pdqMinQuality
        try state.forEachResult { result in
            guard let record = try reader.next() else {
                throw ScanError.manifestChanged(
                    path: options.manifestPath, message: "has fewer rows than the state database (row \(result.row))")
            }
            guard record.index == result.row else {
                throw ScanError.manifestChanged(
                    path: options.manifestPath,
                    message: "row \(record.index) has no verdict in the state database; rerun the scan to finish it")
            }
            counts.add(result, minQuality: minQuality)
            switch result.verdict {
            case .kept:
                try cleansed.write(record.raw)
            case .quarantined:
                try quarantine.writeLine(QuarantineRecord.json(result))
            case .rejected:
                try rejected.writeLine(.object([
                    ("row", .int(result.row)), ("line", .int(record.line)),
                    ("reason", .of(result.reason)), ("detail", .of(result.detail)), ("url", .of(result.url)),
                ]))
            }
        }
        if let extra = try reader.next() {
            throw ScanError.manifestChanged(
                path: options.manifestPath,
                message: "row \(extra.index) has no verdict in the state database; rerun the scan to finish it")
        }
        try cleansed.close()
        guard rename(cleansedPath + ".partial", cleansedPath) == 0 else {
            throw ScanError.output(path: cleansedPath, message: String(cString: strerror(errno)))
        }
        try quarantine.commit()
        try rejected.commit()
        self.counts = counts
    }
}
