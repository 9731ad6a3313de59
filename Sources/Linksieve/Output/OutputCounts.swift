/// The tallies behind summary.json, gathered from the stored verdicts while the outputs are
/// written, so that a resumed scan reports the whole manifest and not just its last run.
struct OutputCounts: Equatable {
    var rowsIn = 0
    var cleansed = 0
    var quarantined = 0
    var rejected = 0
    var excluded = 0
    var quarantinedByStage: [String: Int] = [:]
    var rejectedByReason: [String: Int] = [:]
    var excludedByReason: [String: Int] = [:]
    var fetchOutcomes: [String: Int] = [:]
    var imageOutcomes: [String: Int] = [:]
    /// Rows whose body is an image format linksieve recognises but does not decode, per format.
    var unsupportedFormats: [String: Int] = [:]
    var pdqLowQuality = 0
    /// Rows whose server opted out of AI use (X-Robots-Tag noai / noimageai), whatever their verdict.
    var optedOut = 0
    /// Rows matched, per list and algorithm (a row counts once per list and algorithm).
    var matchesByList: [String: [String: Int]] = [:]
    /// Rows kept with matches that do not quarantine (flag-role lists, or suppressed by a negative list):
    /// the rows of flagged.jsonl.
    var flagged = 0
    /// Rows whose block or flag matches a negative list overrode.
    var suppressed = 0
    /// Rows matched per list and entry, for flood limits (entries are counted, never written out).
    var rowsByEntry: [String: [String: Int]] = [:]

    mutating func add(_ result: RowResult, minQuality: Int) {
        rowsIn += 1
        switch result.verdict {
        case .kept: cleansed += 1
        case .quarantined:
            quarantined += 1
            if let stage = (result.matches.first(where: \.quarantines) ?? result.matches.first)?.stage {
                quarantinedByStage[stage.rawValue, default: 0] += 1
            }
        case .rejected:
            rejected += 1
            rejectedByReason[result.reason ?? "unknown", default: 0] += 1
        case .excluded:
            excluded += 1
            excludedByReason[result.reason ?? "unknown", default: 0] += 1
        }
        if let fetch = result.fetch {
            fetchOutcomes[fetch.outcome, default: 0] += 1
            if fetch.optedOut { optedOut += 1 }
        }
        if let content = result.content {
            imageOutcomes[content.imageOutcome, default: 0] += 1
            if content.imageOutcome == ImageDecodeError.unsupportedFormatReason {
                unsupportedFormats[content.format ?? "unknown", default: 0] += 1
            }
            if let quality = content.pdqQuality, quality < minQuality { pdqLowQuality += 1 }
        }
        if result.verdict != .quarantined, !result.matches.isEmpty { flagged += 1 }
        if result.matches.contains(where: { $0.suppressedBy != nil }) { suppressed += 1 }
        var seenEntries = Set<String>()
        for match in result.matches where seenEntries.insert(match.list + "\u{0}" + match.entry).inserted {
            rowsByEntry[match.list, default: [:]][match.entry, default: 0] += 1
        }
        var seen = Set<String>()
        for match in result.matches where seen.insert(match.list + "\u{0}" + match.algorithm.rawValue).inserted {
            matchesByList[match.list, default: [:]][match.algorithm.rawValue, default: 0] += 1
        }
    }
}
