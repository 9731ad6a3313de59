/// One line of quarantine.jsonl: why a row was removed, in the terms a reviewer needs (which
/// stage, algorithm, list, entry, our observed value and the distance), without the image itself.
///
/// The top-level fields describe the first match that quarantines the row (the first match, for a
/// flagged row); `matches` lists all of them. flagged.jsonl uses the same shape. A row held because an
/// entry flooded (matched more rows than its list's `flood_limit`) says so in `held_for_review`.
enum QuarantineRecord {
    static func json(_ result: RowResult) -> JSONValue {
        let primary = result.matches.first(where: \.quarantines) ?? result.matches.first
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
        if let primary, primary.role != .block || primary.suppressedBy != nil {
            fields.append(("role", .string(primary.role.rawValue)))
            fields.append(("suppressed_by", .of(primary.suppressedBy)))
        }
        if let primary, primary.heldForReview {
            fields.append(("held_for_review", "entry matched more rows than the list's flood_limit: likely mislisted"))
        }
        if let content = result.content {
            fields.append(("sha256", .string(content.digests.sha256)))
            fields.append(("pdq_quality", .of(content.pdqQuality)))
        }
        fields.append(("matches", .array(result.matches.map(matchJSON))))
        return .object(fields)
    }

    /// A match; its `role` and `suppressed_by` appear when a list policy gave it other than block.
    static func matchJSON(_ match: Match) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("stage", .string(match.stage.rawValue)),
            ("algorithm", .string(match.algorithm.rawValue)),
            ("list", .string(match.list)),
            ("label", .string(match.label)),
            ("category", .of(match.category)),
            ("entry", .string(match.entry)),
            ("observed", .string(match.observed)),
            ("distance", .of(match.distance)),
            ("variant", .of(match.variant)),
        ]
        if match.role != .block || match.suppressedBy != nil {
            fields.append(("role", .string(match.role.rawValue)))
            fields.append(("suppressed_by", .of(match.suppressedBy)))
        }
        if match.heldForReview { fields.append(("held_for_review", .bool(true))) }
        return .object(fields)
    }
}
