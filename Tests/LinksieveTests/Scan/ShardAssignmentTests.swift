import Foundation
import Testing
@testable import Linksieve

/// Shard assignment: every row of the input belongs to exactly one shard, for any shard count and
/// part count, and the assignment does not depend on the order the parts are listed in.
@Suite("Shard assignment")
struct ShardAssignmentTests {
    /// A deterministic pseudo-random generator, so a failure names a reproducible case.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test("any N from 1 to 64 covers every row exactly once, with fewer and more parts than shards")
    func everyRowExactlyOnce() throws {
        var random = SplitMix(state: 14)
        for count in 1...64 {
            for partCount in Set([1, 2, max(1, count - 1), count, count + 1, count * 2 + 3, 70]) {
                let parts = (0..<partCount).map { "/data/part-\(String(format: "%05d", $0)).parquet" }
                // Empty parts and parts smaller than the shard count are included on purpose.
                let rows = Dictionary(uniqueKeysWithValues: parts.map { ($0, Int.random(in: 0...40, using: &random)) })
                var seen: [String: [Int]] = [:]
                for index in 0..<count {
                    let shard = try Shard(index: index, count: count)
                    let pieces = ShardAssignment.pieces(for: shard, of: parts) { rows[$0]! }
                    if partCount >= count {
                        #expect(!pieces.isEmpty, "shard \(shard) of \(partCount) parts has no part")
                        #expect(pieces.allSatisfy { $0.rows == nil }, "shard \(shard) splits a part though there are enough")
                    }
                    for piece in pieces {
                        let range = piece.rows ?? 0..<rows[piece.part]!
                        #expect(range.lowerBound >= 0 && range.upperBound <= rows[piece.part]!)
                        seen[piece.part, default: []] += Array(range)
                    }
                }
                for part in parts {
                    #expect(
                        seen[part, default: []].sorted() == Array(0..<rows[part]!),
                        "N=\(count), \(partCount) parts: \(part) not covered exactly once")
                }
            }
        }
    }

    @Test("any N from 1 to 64 covers every row of Parquet parts exactly once, cutting only between row groups")
    func everyRowGroupExactlyOnce() throws {
        var random = SplitMix(state: 64)
        for count in 1...64 {
            for partCount in Set([1, 2, max(1, count - 1), count, count + 1, 70]) {
                let parts = (0..<partCount).map { "/data/part-\(String(format: "%05d", $0)).parquet" }
                // Row groups of uneven sizes, empty ones included, and empty parts.
                let groups = Dictionary(uniqueKeysWithValues: parts.map { part in
                    (part, (0..<Int.random(in: 0...6, using: &random)).map { _ in Int.random(in: 0...9, using: &random) })
                })
                var seen: [String: [Int]] = [:]
                for index in 0..<count {
                    let shard = try Shard(index: index, count: count)
                    for piece in ShardAssignment.pieces(for: shard, of: parts, layout: { .rowGroups(groups[$0]!) }) {
                        let sizes = groups[piece.part]!
                        let total = sizes.reduce(0, +)
                        let range = piece.rows ?? 0..<total
                        let boundaries = Set(sizes.indices.map { sizes[..<$0].reduce(0, +) } + [total])
                        #expect(
                            boundaries.contains(range.lowerBound) && boundaries.contains(range.upperBound),
                            "N=\(count): shard \(shard) cuts \(piece.part) inside a row group (\(range))")
                        seen[piece.part, default: []] += Array(range)
                    }
                }
                for part in parts {
                    #expect(
                        seen[part, default: []].sorted() == Array(0..<groups[part]!.reduce(0, +)),
                        "N=\(count), \(partCount) parts: \(part) not covered exactly once")
                }
            }
        }
    }

    @Test("a Parquet file is cut at the first row group boundary at or after each shard's share")
    func rowGroupCuts() throws {
        // Groups of 10, 10, 10 rows (30) in 5 shards: shares start at 0, 6, 12, 18, 24, cut at 0, 10, 20, 20, 30.
        let layout = ShardAssignment.PartLayout.rowGroups([10, 10, 10])
        let ranges = try (0..<5).map { index in
            ShardAssignment.pieces(for: try Shard(index: index, count: 5), of: ["m.parquet"]) { _ in layout }.map(\.rows)
        }
        #expect(ranges == [[0..<10], [10..<20], [], [20..<30], []])
        // A CSV of the same rows is cut at rows.
        let text = try (0..<5).map { index in
            ShardAssignment.pieces(for: try Shard(index: index, count: 5), of: ["m.csv"]) { _ in .rows(30) }.map(\.rows)
        }
        #expect(text == [[0..<6], [6..<12], [12..<18], [18..<24], [24..<30]])
    }

    @Test("row ranges are contiguous and differ in size by at most one row")
    func rowRangesAreBalanced() throws {
        let parts = ["a.csv", "b.csv"]
        let rows = ["a.csv": 10, "b.csv": 7]
        var sizes: [Int] = []
        for index in 0..<5 {
            let pieces = ShardAssignment.pieces(for: try Shard(index: index, count: 5), of: parts) { rows[$0]! }
            sizes.append(pieces.reduce(0) { $0 + ($1.rows?.count ?? 0) })
            #expect(pieces.count <= 2)
        }
        #expect(sizes.reduce(0, +) == 17)
        #expect(sizes.max()! - sizes.min()! <= 1)
        // 17 rows in 5 shards: [0,3) [3,6) [6,10) [10,13) [13,17); a.csv holds global rows 0..<10.
        #expect(ShardAssignment.pieces(for: try Shard(index: 2, count: 5), of: parts) { rows[$0]! }
            == [ShardAssignment.Piece(part: "a.csv", rows: 6..<10)])
        #expect(ShardAssignment.pieces(for: try Shard(index: 3, count: 5), of: parts) { rows[$0]! }
            == [ShardAssignment.Piece(part: "b.csv", rows: 0..<3)])
        // 17 rows in 3 shards: shard 1 holds [5,11), the end of a.csv and the first row of b.csv.
        #expect(ShardAssignment.pieces(for: try Shard(index: 1, count: 3), of: ["b.csv", "a.csv"]) { rows[$0]! }
            == [ShardAssignment.Piece(part: "a.csv", rows: 5..<10), ShardAssignment.Piece(part: "b.csv", rows: 0..<1)])
    }

    @Test("the assignment does not depend on the order the parts are listed in")
    func listingOrderDoesNotMatter() throws {
        var random = SplitMix(state: 5)
        let parts = (0..<23).map { "/mnt/laion/part-\($0).parquet" }
        for count in [1, 4, 7, 23, 40] {
            for index in 0..<count {
                let shard = try Shard(index: index, count: count)
                let expected = ShardAssignment.pieces(for: shard, of: parts) { _ in 9 }
                let shuffled = ShardAssignment.pieces(for: shard, of: parts.shuffled(using: &random)) { _ in 9 }
                #expect(expected == shuffled)
            }
        }
    }

    @Test("row counts are read only when parts are split by rows")
    func rowCountsOnlyWhenNeeded() throws {
        var asked = 0
        _ = ShardAssignment.pieces(for: try Shard(index: 0, count: 2), of: ["a", "b", "c"]) { _ in asked += 1; return 1 }
        #expect(asked == 0)
        _ = ShardAssignment.pieces(for: try Shard(index: 0, count: 4), of: ["a", "b", "c"]) { _ in asked += 1; return 1 }
        #expect(asked == 3)
    }

    @Test("K/N is parsed and checked, and the environment gives K with --shards N")
    func shardFromArgumentsAndEnvironment() throws {
        #expect(try Shard(parsing: "3/8") == Shard(index: 3, count: 8))
        #expect(throws: ShardError.badShard("3")) { try Shard(parsing: "3") }
        #expect(throws: ShardError.badShard("a/4")) { try Shard(parsing: "a/4") }
        #expect(throws: ShardError.indexOutOfRange(index: 4, count: 4)) { try Shard(parsing: "4/4") }
        #expect(throws: ShardError.indexOutOfRange(index: -1, count: 4)) { try Shard(parsing: "-1/4") }
        #expect(throws: ShardError.badCount("0")) { try Shard(parsing: "0/0") }
        #expect(try Shard(count: 4, environment: ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "1"])
            == Shard(index: 2, count: 4))
        #expect(try Shard(count: 4, environment: ["JOB_COMPLETION_INDEX": "3"]) == Shard(index: 3, count: 4))
        #expect(throws: ShardError.noIndexInEnvironment) { try Shard(count: 4, environment: [:]) }
        #expect(throws: ShardError.badEnvironment(variable: "JOB_COMPLETION_INDEX", value: "x")) {
            try Shard(count: 4, environment: ["JOB_COMPLETION_INDEX": "x"])
        }
        #expect(try Shard(parsing: "1/3").directoryName == "shard-1-of-3")
    }
}
