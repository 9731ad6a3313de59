import Foundation

/// What a finished scan reports: the figures of summary.json, which a maintainer can publish
/// beside the cleansed dataset (no URLs, no matched values: only counts, lists and settings).
public struct ScanReport {
    public struct Durations {
        public var lists: Double
        public var scan: Double
        public var outputs: Double
        public var total: Double
    }

    let counts: OutputCounts
    let lists: [HashList]
    let options: ScanOptions
    public let durations: Durations
    /// Rows that already had a verdict from an interrupted run.
    public let resumedRows: Int
    /// Fetches made by this run.
    public let fetchedThisRun: Int
    /// Rows of this run that took the verdict of another row's fetch of the same normalised URL.
    public var sharedFetches = 0
    /// For rescans: rows per kind of change since the state the rescan started from.
    var changes: [String: Int]?
    /// Settings of the command that are not a scan's (a rescan's --drop-gone, --refresh-older-than).
    var commandSettings: [(String, JSONValue)] = []
    /// The lists as an earlier run recorded them, for commands that load none (`apply`).
    var recordedLists: JSONValue?
    /// The settings as an earlier run recorded them, for commands that make no verdicts of their own
    /// (`apply`); `commandSettings` are added to them.
    var recordedSettings: [(String, JSONValue)]?

    public var rowsIn: Int { counts.rowsIn }
    public var cleansed: Int { counts.cleansed }
    public var quarantined: Int { counts.quarantined }
    public var rejected: Int { counts.rejected }
    public var excluded: Int { counts.excluded }

    /// The final line the CLI prints.
    public var oneLine: String {
        let images = counts.imageOutcomes["hashed"] ?? 0
        let rate = durations.scan > 0 ? Double(fetchedThisRun) / durations.scan : 0
        return String(
            format: "%d rows: %d cleansed, %d quarantined, %d rejected, %d excluded; %d images hashed; %.1f s (%.0f fetches/s)",
            rowsIn, cleansed, quarantined, rejected, excluded, images, durations.total, rate)
    }

    public func summaryJSON() -> JSONValue {
        func tally(_ counts: [String: Int]) -> JSONValue {
            .object(counts.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })
        }
        return .object([
            ("tool", .object([("name", "linksieve"), ("version", .string(LinksieveVersion.current))])),
            ("finished_at", .string(ISO8601DateFormatter().string(from: Date()))),
            ("manifest", .string((options.manifestPath as NSString).lastPathComponent)),
            ("rows", .object([
                ("in", .int(counts.rowsIn)), ("cleansed", .int(counts.cleansed)),
                ("quarantined", .int(counts.quarantined)), ("rejected", .int(counts.rejected)),
                ("excluded", .int(counts.excluded)),
            ])),
            ("quarantined_by_stage", tally(counts.quarantinedByStage)),
            ("matches_by_list", .object(counts.matchesByList.sorted { $0.key < $1.key }.map { ($0.key, tally($0.value)) })),
            ("rejected_by_reason", tally(counts.rejectedByReason)),
            ("excluded_by_reason", tally(counts.excludedByReason)),
            ("fetch_outcomes", tally(counts.fetchOutcomes)),
            ("image_outcomes", tally(counts.imageOutcomes)),
            ("unsupported_formats", tally(counts.unsupportedFormats)),
            ("changes", changes.map(tally) ?? .null),
            ("pdq_low_quality", .int(counts.pdqLowQuality)),
            ("opted_out", .int(counts.optedOut)),
            ("lists", recordedLists ?? ListProvenance.json(lists)),
            ("settings", recordedSettings.map { .object($0 + commandSettings) } ?? .object([
                ("pdq_threshold", .int(options.pdqThreshold)),
                ("pdq_min_quality", .int(options.pdqMinQuality)),
                ("pdq_mode", .string(options.hashStage.pdqMode.rawValue)),
                ("pdq_dihedral", .bool(options.hashStage.dihedral)),
                ("fast_decode", .bool(options.hashStage.fastDecode)),
                ("max_pixels", .int(options.hashStage.maxPixels)),
                ("concurrency", .int(options.fetch.concurrency)),
                ("per_host", .int(options.fetch.perHost)),
                ("max_body_bytes", .int(options.fetch.maxBodyBytes)),
                ("max_redirects", .int(options.fetch.maxRedirects)),
                ("allow_private_addresses", .bool(options.fetch.allowPrivateAddresses)),
                ("drop_opted_out", .bool(options.dropOptedOut)),
            ] + commandSettings)),
            ("run", .object([
                ("resumed_rows", .int(resumedRows)),
                ("fetched_this_run", .int(fetchedThisRun)),
                ("rows_sharing_a_fetch", .int(sharedFetches)),
                ("seconds", .object([
                    ("lists", .double(Self.rounded(durations.lists))),
                    ("scan", .double(Self.rounded(durations.scan))),
                    ("outputs", .double(Self.rounded(durations.outputs))),
                    ("total", .double(Self.rounded(durations.total))),
                ])),
            ])),
        ])
    }

    private static func rounded(_ seconds: Double) -> Double { (seconds * 1000).rounded() / 1000 }
}

/// The version reported in summaries and `--version`.
public enum LinksieveVersion {
    public static let current = "0.1.0"
}
