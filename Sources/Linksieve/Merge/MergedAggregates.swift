/// The match figures of report.html over all shards: PDQ distance histograms added up, and entry
/// groups added up across shards (an entry matching rows in several shards is one group), with
/// the flood signal recomputed over the whole.
enum MergedAggregates {
    static func of(_ pieces: [ScannedPiece], limit: Int = 10) -> MatchAggregates {
        var merged = MatchAggregates()
        var groups: [String: EntryGroup] = [:]
        for piece in pieces {
            merged.pdqDistances.merge(piece.aggregates.pdqDistances, uniquingKeysWith: +)
            for group in piece.aggregates.largestGroups {
                let key = [group.list, group.algorithm, group.entry].joined(separator: "\u{0}")
                guard var known = groups[key] else {
                    groups[key] = group
                    continue
                }
                known.rows += group.rows
                known.minDistance = [known.minDistance, group.minDistance].compactMap { $0 }.min()
                known.maxDistance = [known.maxDistance, group.maxDistance].compactMap { $0 }.max()
                groups[key] = known
            }
        }
        let sizes = groups.values.map(\.rows).sorted()
        merged.entriesMatched = sizes.count
        merged.medianRowsPerEntry = sizes.isEmpty ? 0 : sizes[sizes.count / 2]
        merged.largestGroups = groups.values.sorted {
            ($0.rows, $1.list, $1.entry) > ($1.rows, $0.list, $0.entry)
        }.prefix(limit).map { group in
            var group = group
            group.isFlood = MatchAggregates.isFlood(rows: group.rows, median: merged.medianRowsPerEntry)
            return group
        }
        return merged
    }
}
