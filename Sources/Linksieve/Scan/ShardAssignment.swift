import Foundation

/// Decides which rows of the input one shard scans, so that every row belongs to exactly one
/// shard whatever machine or listing order a task sees.
///
/// With at least as many parts as shards, each shard takes whole parts: the parts are ordered by
/// file name (then path), and the part at position i goes to shard i mod N. The order a shell or a
/// folder listing gives them in does not matter, and each shard gets at least one part. With fewer
/// parts than shards, the rows of all parts (in that same order) are cut into N contiguous ranges
/// whose sizes differ by at most one row; a shard may then cover pieces of two parts, or nothing
/// when there are fewer rows than shards. Ranges are in rows, not Parquet row groups.
public enum ShardAssignment {
    /// What a shard scans of one part: all of it, or one range of its 0-based row numbers.
    public struct Piece: Sendable, Equatable {
        public let part: String
        /// Nil: the whole part.
        public let rows: Range<Int>?

        public init(part: String, rows: Range<Int>?) {
            self.part = part
            self.rows = rows
        }
    }

    /// Whether `parts` are split by rows (fewer parts than shards), which needs each part's row count.
    public static func splitsRows(parts: Int, shards: Int) -> Bool { parts < shards }

    /// The pieces `shard` scans. `rowCount` is asked only when the parts are split by rows.
    public static func pieces(
        for shard: Shard, of parts: [String], rowCount: (String) throws -> Int
    ) rethrows -> [Piece] {
        let ordered = parts.sorted { a, b in
            let (nameA, nameB) = ((a as NSString).lastPathComponent, (b as NSString).lastPathComponent)
            return nameA != nameB ? nameA < nameB : a < b
        }
        guard splitsRows(parts: ordered.count, shards: shard.count) else {
            return ordered.enumerated().filter { $0.offset % shard.count == shard.index }.map { Piece(part: $0.element, rows: nil) }
        }
        let counts = try ordered.map(rowCount)
        let total = counts.reduce(0, +)
        let wanted = range(of: shard, total: total)
        var pieces: [Piece] = []
        var start = 0
        for (part, count) in zip(ordered, counts) {
            let (lower, upper) = (max(wanted.lowerBound, start), min(wanted.upperBound, start + count))
            if lower < upper {
                pieces.append(Piece(part: part, rows: (lower - start)..<(upper - start)))
            }
            start += count
        }
        return pieces
    }

    /// The pieces `shard` scans, counting the rows of each part by reading it when they are needed.
    public static func pieces(for shard: Shard, of parts: [String], urlColumn: String?) throws -> [Piece] {
        try pieces(for: shard, of: parts) { part in
            let reader = try ManifestInput.open(path: part, urlColumn: urlColumn)
            var count = 0
            while try reader.next() != nil { count += 1 }
            return count
        }
    }

    /// Shard K's share of `total` rows: [K·total/N, (K+1)·total/N).
    static func range(of shard: Shard, total: Int) -> Range<Int> {
        let n = shard.count
        return (shard.index * total / n)..<((shard.index + 1) * total / n)
    }
}
