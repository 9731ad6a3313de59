import Foundation

/// Decides which rows of the input one shard scans, so that every row belongs to exactly one
/// shard whatever machine or listing order a task sees.
///
/// With at least as many parts as shards, each shard takes whole parts: the parts are ordered by
/// file name (then path), and the part at position i goes to shard i mod N. The order a shell or a
/// folder listing gives them in does not matter, and each shard gets at least one part. With fewer
/// parts than shards, the rows of all parts (in that same order) are cut into N contiguous ranges:
/// shard K's range starts at the first place a part may be cut at or after row K·total/N. A CSV,
/// TSV or JSONL part may be cut at any row; a Parquet part only between row groups, so that each
/// shard reads and writes whole row groups. A shard may then cover pieces of two parts, or nothing
/// (fewer rows, or fewer row groups, than shards).
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

    /// Where a part may be cut into row ranges.
    public enum PartLayout: Sendable, Equatable {
        /// A text manifest of this many rows: any row may start a range.
        case rows(Int)
        /// A Parquet file with row groups of these sizes: only a row group may start a range.
        case rowGroups([Int])

        var rowCount: Int {
            switch self {
            case .rows(let count): count
            case .rowGroups(let sizes): sizes.reduce(0, +)
            }
        }

        /// The first place at or after `row` (0...rowCount) where the part may be cut.
        func cut(atOrAfter row: Int) -> Int {
            guard case .rowGroups(let sizes) = self else { return row }
            var boundary = 0
            for size in sizes {
                if boundary >= row { return boundary }
                boundary += size
            }
            return boundary
        }
    }

    /// Whether `parts` are split by rows (fewer parts than shards), which needs each part's layout.
    public static func splitsRows(parts: Int, shards: Int) -> Bool { parts < shards }

    /// The parts in the order shards take them: by file name, then path.
    public static func ordered(_ parts: [String]) -> [String] {
        parts.sorted { a, b in
            let (nameA, nameB) = ((a as NSString).lastPathComponent, (b as NSString).lastPathComponent)
            return nameA != nameB ? nameA < nameB : a < b
        }
    }

    /// The pieces `shard` scans. `layout` is asked only when the parts are split by rows.
    public static func pieces(
        for shard: Shard, of parts: [String], layout: (String) throws -> PartLayout
    ) rethrows -> [Piece] {
        let ordered = ordered(parts)
        guard splitsRows(parts: ordered.count, shards: shard.count) else {
            return ordered.enumerated().filter { $0.offset % shard.count == shard.index }.map { Piece(part: $0.element, rows: nil) }
        }
        let layouts = try ordered.map(layout)
        let total = layouts.reduce(0) { $0 + $1.rowCount }
        let wanted = cut(at: range(of: shard, total: total).lowerBound, in: layouts)
            ..< cut(at: range(of: shard, total: total).upperBound, in: layouts)
        var pieces: [Piece] = []
        var start = 0
        for (part, layout) in zip(ordered, layouts) {
            let count = layout.rowCount
            let (lower, upper) = (max(wanted.lowerBound, start), min(wanted.upperBound, start + count))
            if lower < upper {
                pieces.append(Piece(part: part, rows: (lower - start)..<(upper - start)))
            }
            start += count
        }
        return pieces
    }

    /// The pieces `shard` scans of text parts, each of which may be cut at any row.
    public static func pieces(
        for shard: Shard, of parts: [String], rowCount: (String) throws -> Int
    ) rethrows -> [Piece] {
        try pieces(for: shard, of: parts) { .rows(try rowCount($0)) }
    }

    /// The pieces `shard` scans, reading each part's layout when it is needed: a Parquet file's
    /// row groups from its footer, a text manifest's rows by reading it.
    public static func pieces(for shard: Shard, of parts: [String], urlColumn: String?) throws -> [Piece] {
        try pieces(for: shard, of: parts) { part in try layout(of: part, urlColumn: urlColumn) }
    }

    /// Where `part` may be cut: its row groups for Parquet, its rows otherwise.
    public static func layout(of part: String, urlColumn: String?) throws -> PartLayout {
        let reader = try ManifestInput.open(path: part, urlColumn: urlColumn)
        if let parquet = reader as? ParquetManifestReader {
            return .rowGroups(parquet.file.metadata.rowGroups.map { Int($0.numRows) })
        }
        var count = 0
        while try reader.next() != nil { count += 1 }
        return .rows(count)
    }

    /// Shard K's share of `total` rows before cutting: [K·total/N, (K+1)·total/N).
    static func range(of shard: Shard, total: Int) -> Range<Int> {
        let n = shard.count
        return (shard.index * total / n)..<((shard.index + 1) * total / n)
    }

    /// The first place at or after global row `row` where the parts laid end to end may be cut.
    private static func cut(at row: Int, in layouts: [PartLayout]) -> Int {
        var start = 0
        for layout in layouts {
            let count = layout.rowCount
            if row < start + count { return start + layout.cut(atOrAfter: row - start) }
            start += count
        }
        return start
    }
}
