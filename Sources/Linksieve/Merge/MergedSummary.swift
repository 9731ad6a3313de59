import Foundation

/// summary.json of a merged sharded scan: the shards' counts added up (rows, quarantines by
/// stage, matches by list, fetch and image outcomes, changes …), the lists, policy and settings
/// they all used (checked equal by `ShardSurvey`), and one entry per shard with its pieces and
/// rows, so a published summary says how the work was split.
enum MergedSummary {
    /// The members whose counts are added up over the pieces.
    static let summed = [
        "rows", "quarantined_by_stage", "matches_by_list", "rejected_by_reason", "excluded_by_reason", "fetch_outcomes",
        "image_outcomes", "unsupported_formats", "changes", "pdq_low_quality", "flagged", "suppressed_by_negative", "opted_out",
    ]

    static func json(of survey: ShardSurvey) -> JSONValue {
        let pieces = survey.pieces
        let reference = pieces.first?.summary ?? .null
        let oneFile = survey.plans.flatMap(\.pieces).allSatisfy(\.directory.isEmpty)
        let head: [(String, JSONValue)] = [
            ("tool", .object([("name", "linksieve"), ("version", .string(LinksieveVersion.current))])),
            ("finished_at", .string(ISO8601DateFormatter().string(from: Date()))),
            ("manifest", oneFile ? .of(survey.plans[0].parts.first) : .null),
            ("parts", .array(survey.plans[0].parts.map { .string($0) })),
            ("shards", shards(of: survey)),
        ]
        let totals: [(String, JSONValue)] = summed.map { key in
            let values = pieces.compactMap { $0.summary[key] }.filter { $0 != .null }
            return (key, values.isEmpty ? (reference[key] ?? .null) : values.dropFirst().reduce(values[0], add))
        }
        let flooded = pieces.flatMap { piece -> [JSONValue] in
            guard case .array(let entries) = piece.summary["flooded_entries"] ?? .null else { return [] }
            return entries.map { entry in
                guard case .object(let members) = entry else { return entry }
                return .object([("shard", .int(piece.shard.index)), ("part", .string(piece.piece.name))] + members)
            }
        }
        let tail: [(String, JSONValue)] = [
            ("flooded_entries", .array(flooded)),
            ("lists", reference["lists"] ?? .null),
            ("list_policy", reference["list_policy"] ?? .null),
            ("settings", reference["settings"] ?? .null),
            ("run", run(of: pieces)),
        ]
        return .object(head + totals + tail)
    }

    /// Per shard: its pieces (part, row range) and their row counts.
    private static func shards(of survey: ShardSurvey) -> JSONValue {
        .object([
            ("count", .int(survey.count)),
            ("tasks", .array(survey.plans.map { plan in
                let mine = survey.pieces.filter { $0.shard.index == plan.index }
                return .object([
                    ("index", .int(plan.index)),
                    ("empty", .bool(plan.pieces.isEmpty)),
                    ("pieces", .array(mine.map { piece in
                        .object([
                            ("part", .string(piece.piece.name)),
                            ("rows", piece.piece.rows.map { .object([("from", .int($0.lowerBound)), ("to", .int($0.upperBound))]) } ?? .null),
                            ("counts", piece.summary["rows"] ?? .null),
                        ])
                    })),
                ])
            })),
        ])
    }

    /// The runs' figures added up: rows resumed, fetches, and seconds (CPU-like totals over tasks).
    private static func run(of pieces: [ScannedPiece]) -> JSONValue {
        var total: [(String, JSONValue)] = []
        for key in ["resumed_rows", "fetched_this_run", "rows_sharing_a_fetch", "seconds"] {
            let values = pieces.compactMap { $0.summary["run"]?[key] }.filter { $0 != .null }
            total.append((key, values.isEmpty ? .null : values.dropFirst().reduce(values[0], add)))
        }
        return .object(total)
    }

    /// Adds two summary values: numbers add, objects add member by member (keys sorted), anything else keeps the first.
    static func add(_ a: JSONValue, _ b: JSONValue) -> JSONValue {
        switch (a, b) {
        case (.int(let x), .int(let y)): return .int(x + y)
        case (.int(let x), .double(let y)): return .double(Double(x) + y)
        case (.double(let x), .int(let y)): return .double(x + Double(y))
        case (.double(let x), .double(let y)): return .double(((x + y) * 1000).rounded() / 1000)
        case (.object, .object):
            guard case .object(let left) = a, case .object(let right) = b else { return a }
            let keys = Set(left.map(\.0)).union(right.map(\.0)).sorted()
            return .object(keys.map { key in
                switch (a[key], b[key]) {
                case (let x?, let y?): (key, add(x, y))
                case (let x?, nil): (key, x)
                case (nil, let y?): (key, y)
                case (nil, nil): (key, .null)
                }
            })
        case (.null, _): return b
        default: return a
        }
    }
}
