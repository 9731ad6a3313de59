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
    /// How each list was used (roles, thresholds); its SHA-256 makes the run reproducible.
    var listPolicy: ListPolicy = .none
    /// Settings of the command that are not a scan's (a rescan's --drop-gone, --refresh-older-than).
    var commandSettings: [(String, JSONValue)] = []
    /// The lists as an earlier run recorded them, for commands that load none (`apply`).
    var recordedLists: JSONValue?
    /// The settings as an earlier run recorded them, for commands that make no verdicts of their own
    /// (`apply`); `commandSettings` are added to them.
    var recordedSettings: [(String, JSONValue)]?
    /// What bounded the fetching: window, hosts, throttling (nil when nothing was fetched by a scan pass).
    var network: FetchStatistics?
    /// Where the hash workers' and the fetch loop's time went.
    var stageTimes: StageTimes.Totals?

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
        let shard: JSONValue = options.shard.map { shard in
            .object([
                ("index", .int(shard.index)), ("count", .int(shard.count)),
                ("rows", options.rows.map { .object([("from", .int($0.lowerBound)), ("to", .int($0.upperBound))]) } ?? .null),
            ])
        } ?? .null
        let rows: JSONValue = .object([
            ("in", .int(counts.rowsIn)), ("cleansed", .int(counts.cleansed)),
            ("quarantined", .int(counts.quarantined)), ("rejected", .int(counts.rejected)),
            ("excluded", .int(counts.excluded)),
        ])
        let outcomes: [(String, JSONValue)] = [
            ("quarantined_by_stage", tally(counts.quarantinedByStage)),
            ("matches_by_list", .object(counts.matchesByList.sorted { $0.key < $1.key }.map { ($0.key, tally($0.value)) })),
            ("rejected_by_reason", tally(counts.rejectedByReason)),
            ("excluded_by_reason", tally(counts.excludedByReason)),
            ("fetch_outcomes", tally(counts.fetchOutcomes)),
            ("image_outcomes", tally(counts.imageOutcomes)),
            ("unsupported_formats", tally(counts.unsupportedFormats)),
            ("changes", changes.map(tally) ?? .null),
            ("pdq_low_quality", .int(counts.pdqLowQuality)),
            ("flagged", .int(counts.flagged)),
            ("suppressed_by_negative", .int(counts.suppressed)),
            ("flooded_entries", .array(floodedEntries())),
            ("opted_out", .int(counts.optedOut)),
        ]
        let policy: JSONValue = .object([
            ("sha256", .of(listPolicy.sha256)),
            ("lists", .object(lists.map {
                ($0.name, listPolicy.json(for: $0.name, pdqThreshold: options.pdqThreshold, pdqMinQuality: options.pdqMinQuality))
            })),
        ])
        let defaultSettings: [(String, JSONValue)] = [
            ("pdq_threshold", .int(options.pdqThreshold)),
            ("pdq_min_quality", .int(options.pdqMinQuality)),
            ("pdq_mode", .string(options.hashStage.pdqMode.rawValue)),
            ("pdq_dihedral", .bool(options.hashStage.dihedral)),
            ("fast_decode", .bool(options.hashStage.fastDecode)),
            ("max_pixels", .int(options.hashStage.maxPixels)),
            ("concurrency", options.fetch.concurrency.map { .int($0) } ?? .string("auto")),
            ("per_host", .int(options.fetch.perHost)),
            ("max_per_host", .int(max(options.fetch.perHost, options.fetch.maxPerHost))),
            ("max_body_bytes", .int(options.fetch.maxBodyBytes)),
            ("max_redirects", .int(options.fetch.maxRedirects)),
            ("allow_private_addresses", .bool(options.fetch.allowPrivateAddresses)),
            ("drop_opted_out", .bool(options.dropOptedOut)),
        ]
        let settings: JSONValue = .object((recordedSettings ?? defaultSettings) + commandSettings)
        let seconds: [(String, JSONValue)] = [
            ("lists", .double(Self.rounded(durations.lists))),
            ("scan", .double(Self.rounded(durations.scan))),
            ("outputs", .double(Self.rounded(durations.outputs))),
            ("total", .double(Self.rounded(durations.total))),
        ]
        let run: JSONValue = .object([
            ("resumed_rows", .int(resumedRows)),
            ("fetched_this_run", .int(fetchedThisRun)),
            ("rows_sharing_a_fetch", .int(sharedFetches)),
            ("seconds", .object(seconds + stageSeconds)),
            ("fetch", network.map(Self.json) ?? .null),
        ])
        let head: [(String, JSONValue)] = [
            ("tool", .object([("name", "linksieve"), ("version", .string(LinksieveVersion.current))])),
            ("finished_at", .string(ISO8601DateFormatter().string(from: Date()))),
            ("manifest", .string((options.manifestPath as NSString).lastPathComponent)),
            ("shard", shard),
            ("rows", rows),
        ]
        let tail: [(String, JSONValue)] = [
            ("lists", recordedLists ?? ListProvenance.json(lists)),
            ("list_policy", policy),
            ("settings", settings),
            ("run", run),
        ]
        return .object(head + outcomes + tail)
    }

    /// Entries that matched more rows than their list's `flood_limit`: likely mislisted hashes, held for
    /// review. Named by the SHA-256 of the entry's value, since the summary never carries list content.
    private func floodedEntries() -> [JSONValue] {
        lists.flatMap { list -> [JSONValue] in
            guard let limit = listPolicy.rule(for: list.name).floodLimit else { return [] }
            return (counts.rowsByEntry[list.name] ?? [:]).filter { $0.value > limit }.sorted { $0.key < $1.key }.map {
                .object([
                    ("list", .string(list.name)), ("entry_sha256", .string(SHA256Hex.of(Array($0.key.utf8)))),
                    ("rows", .int($0.value)), ("flood_limit", .int(limit)),
                ])
            }
        }
    }

    private static func rounded(_ seconds: Double) -> Double { (seconds * 1000).rounded() / 1000 }

    /// Hash workers' seconds (summed over workers) and the fetch loop's wait for them.
    private var stageSeconds: [(String, JSONValue)] {
        guard let stageTimes else { return [] }
        return [
            ("hashing", .double(Self.rounded(stageTimes.hashing))),
            ("hash_workers_waiting_for_network", .double(Self.rounded(stageTimes.waitingForNetwork))),
            ("fetch_waiting_for_hash_workers", .double(Self.rounded(stageTimes.waitingForHashing))),
        ]
    }

    private static func json(_ network: FetchStatistics) -> JSONValue {
        .object([
            ("window", network.window.map { .int($0.transfers) } ?? .null),
            ("descriptor_limit", network.window?.descriptorLimit.map { .int($0) } ?? .null),
            ("body_budget_bytes", network.window.map { .int($0.bodyBudget) } ?? .null),
            ("peak_in_flight", .int(network.peakInFlight)),
            ("peak_body_bytes_in_flight", .int(network.peakBodyBytesInFlight)),
            ("body_budget_waits", .int(network.bodyBudgetWaits)),
            ("hosts", .int(network.hostsSeen)),
            ("hosts_throttled", .int(network.throttledHosts)),
            ("host_limit_cuts", .int(network.limitCuts)),
            ("host_pauses", .int(network.hostPauses)),
            ("peak_host_limit", .int(network.peakHostLimit)),
            ("overload_responses", .int(network.overloadResponses)),
            ("name_lookups_ahead", .int(network.nameLookups)),
            ("peak_name_lookups_in_flight", .int(network.peakNameLookupsInFlight)),
        ])
    }
}

/// The version reported in summaries and `--version`.
public enum LinksieveVersion {
    public static let current = "0.1.0"
}
