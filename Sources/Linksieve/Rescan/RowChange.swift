/// One line of changes.jsonl: what a rescan found different about a row since the state it
/// started from, and why.
enum RowChange: String, CaseIterable {
    /// A list entry now matches a row that was kept.
    case newlyQuarantined = "newly-quarantined"
    /// A quarantined row matches nothing any more (its entries were withdrawn from the lists).
    case noLongerMatched = "no-longer-matched"
    /// The refreshed URL serves different bytes than when it was last hashed.
    case contentChanged = "content-changed"
    /// The refreshed URL answers 404 or 410, or its host no longer resolves.
    case gone

    static func json(_ change: RowChange, _ result: RowResult, previous: RowResult, detail: String) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("row", .int(result.row)), ("url", .of(result.url)), ("change", .string(change.rawValue)),
            ("detail", .string(detail)),
        ]
        switch change {
        case .newlyQuarantined:
            fields.append(("matches", .array(result.matches.map(QuarantineRecord.matchJSON))))
        case .noLongerMatched:
            fields.append(("previous_matches", .array(previous.matches.map(QuarantineRecord.matchJSON))))
        case .contentChanged:
            fields.append(("previous_sha256", .of(previous.content?.digests.sha256)))
            fields.append(("sha256", .of(result.content?.digests.sha256)))
        case .gone:
            fields.append(("http_status", .of(result.fetch?.httpStatus)))
        }
        return .object(fields)
    }
}
