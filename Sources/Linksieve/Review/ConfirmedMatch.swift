/// One match a reviewer confirmed, with what a hotline report needs: the URL, the content's
/// digests, which list entry matched, and who confirmed it when.
public struct ConfirmedMatch: Sendable, Equatable {
    public var row: Int
    public var url: String?
    public var md5: String?
    public var sha1: String?
    public var sha256: String?
    public var pdq: String?
    public var list: String
    public var algorithm: String
    public var entry: String
    public var label: String
    public var category: String?
    public var distance: Int?
    public var reviewer: String
    public var decidedAt: String
    public var note: String?

    init(row result: RowResult, match: Match, decision: Decision) {
        row = result.row
        url = result.url
        md5 = result.content?.digests.md5
        sha1 = result.content?.digests.sha1
        sha256 = result.content?.digests.sha256
        pdq = result.content?.pdq
        list = match.list
        algorithm = match.algorithm.rawValue
        entry = match.entry
        label = match.label
        category = match.category
        distance = match.distance
        reviewer = decision.reviewer
        decidedAt = decision.at
        note = decision.note
    }

    static let csvHeader = "row,url,md5,sha1,sha256,pdq,list,algorithm,entry,label,category,distance,reviewer,decided_at"

    var csvLine: String {
        [String(row), url ?? "", md5 ?? "", sha1 ?? "", sha256 ?? "", pdq ?? "", list, algorithm, entry, label,
         category ?? "", distance.map(String.init) ?? "", reviewer, decidedAt]
            .map(DecisionExport.csvField).joined(separator: ",")
    }

    var json: JSONValue {
        .object([
            ("row", .int(row)), ("url", .of(url)), ("md5", .of(md5)), ("sha1", .of(sha1)), ("sha256", .of(sha256)),
            ("pdq", .of(pdq)), ("list", .string(list)), ("algorithm", .string(algorithm)), ("entry", .string(entry)),
            ("label", .string(label)), ("category", .of(category)), ("distance", .of(distance)),
            ("reviewer", .string(reviewer)), ("decided_at", .string(decidedAt)), ("note", .of(note)),
        ])
    }
}
