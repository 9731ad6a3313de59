/// Reads stored verdicts back in row order, each with its matches, one row at a time: the rows
/// and matches tables are stepped side by side, so memory does not grow with the database.
public final class RowResultCursor {
    private let rows: SQLiteStatement
    private let matches: SQLiteStatement
    private var matchPending: Bool

    init(database: SQLiteDatabase) throws(StateError) {
        rows = try database.prepare("""
            SELECT row, verdict, url, normalized_url, reason, detail,
                fetch_outcome, http_status, content_type, bytes, fetched_at,
                md5, sha1, sha256, image_outcome, format, width, height, pdq, pdq_quality, etag, last_modified
            FROM rows ORDER BY row
            """)
        matches = try database.prepare("""
            SELECT row, stage, algorithm, list, label, category, entry, observed, distance
            FROM matches ORDER BY row, seq
            """)
        matchPending = try matches.step()
    }

    public func next() throws(StateError) -> RowResult? {
        guard try rows.step() else { return nil }
        var result = RowResult(
            row: rows.int(0),
            verdict: RowResult.Verdict(rawValue: rows.text(1) ?? "") ?? .kept,
            url: rows.text(2), normalizedURL: rows.text(3), reason: rows.text(4), detail: rows.text(5))
        if let outcome = rows.text(6) {
            result.fetch = .init(
                outcome: outcome, httpStatus: rows.optionalInt(7), contentType: rows.text(8),
                bytes: rows.int(9), fetchedAt: rows.double(10), etag: rows.text(20), lastModified: rows.text(21))
        }
        if let md5 = rows.text(11), let sha1 = rows.text(12), let sha256 = rows.text(13) {
            result.content = .init(
                digests: ContentDigests(md5: md5, sha1: sha1, sha256: sha256),
                imageOutcome: rows.text(14) ?? "", format: rows.text(15), width: rows.optionalInt(16),
                height: rows.optionalInt(17), pdq: rows.text(18), pdqQuality: rows.optionalInt(19))
        }
        while matchPending && matches.int(0) < result.row { matchPending = try matches.step() }
        while matchPending && matches.int(0) == result.row {
            result.matches.append(Match(
                stage: MatchStage(rawValue: matches.text(1) ?? "") ?? .bytes,
                algorithm: HashAlgorithm(rawValue: matches.text(2) ?? "") ?? .md5,
                list: matches.text(3) ?? "", label: matches.text(4) ?? "",
                category: matches.text(5), entry: matches.text(6) ?? "",
                observed: matches.text(7) ?? "", distance: matches.optionalInt(8)))
            matchPending = try matches.step()
        }
        return result
    }
}
