/// One line of quarantine.jsonl: why a row was removed, in the terms a reviewer needs (which
/// stage, algorithm, list, entry, our observed value and the distance), without the image itself.
///
/// The top-level fields describe the first match; `matches` lists all of them.
enum QuarantineRecord {
    static func json(_ result: RowResult) -> JSONValue {
        let primary = result.matches.first
        var fields: [(String, JSONValue)] = [
            ("row", .int(result.row)),
            ("url", .of(result.url)),
            ("final_url", .of(result.fetch?.finalURL)),
            ("stage", .of(primary?.stage.rawValue)),
            ("algorithm", .of(primary?.algorithm.rawValue)),
            ("list", .of(primary?.list)),
            ("label", .of(primary?.label)),
            ("category", .of(primary?.category)),
            ("entry", .of(primary?.entry)),
            ("observed", .of(primary?.observed)),
            ("distance", .of(primary?.distance)),
            ("variant", .of(primary?.variant)),
        ]
        if let content = result.content {
            fields.append(("sha256", .string(content.digests.sha256)))
            fields.append(("pdq_quality", .of(content.pdqQuality)))
        }
        fields.append(("matches", .array(result.matches.map(matchJSON))))
        return .object(fields)
    }

    static func matchJSON(_ match: Match) -> JSONValue {
        .object([
            ("stage", .string(match.stage.rawValue)),
            ("algorithm", .string(match.algorithm.rawValue)),
            ("list", .string(match.list)),
            ("label", .string(match.label)),
            ("category", .of(match.category)),
            ("entry", .string(match.entry)),
            ("observed", .string(match.observed)),
            ("distance", .of(match.distance)),
            ("variant", .of(match.variant)),
        ])
    }
}
