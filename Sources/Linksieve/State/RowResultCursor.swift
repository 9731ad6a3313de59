/// Reads stored verdicts back in row order, each with its matches, one row at a time: the rows
/// and matches tables are stepped side by side, so memory does not grow with the database.
public final class RowResultCursor {
    /// Which columns to read: everything, or only what re-matching needs.
    enum Columns {
        case all
        /// Verdict, URL, reason, digests, PDQ, quality, dihedral hashes and the fetch (for gone rows and
        /// redirect targets).
        case matchable
    }

    private let columns: Columns
    private let path: String
    private let rows: SQLiteStatement
    private let matches: SQLiteStatement
    private var matchPending: Bool

    /// With `row`, the cursor yields that row alone (if stored).
    init(database: SQLiteDatabase, columns: Columns, row: Int? = nil) throws(StateError) {
        self.columns = columns
        path = database.path
        let only = row == nil ? "" : "WHERE row = ?1"
        switch columns {
        case .all:
            rows = try database.prepare("""
                SELECT row, verdict, url, normalized_url, reason, detail,
                    md5, sha1, sha256, pdq, pdq_quality, pdq_dihedral,
                    image_outcome, format, width, height,
                    fetch_outcome, http_status, content_type, bytes, fetched_at, etag, last_modified, robots, final_url
                FROM rows \(only) ORDER BY row
                """)
        case .matchable:
            rows = try database.prepare("""
                SELECT row, verdict, url, NULL, reason, detail,
                    md5, sha1, sha256, pdq, pdq_quality, pdq_dihedral,
                    NULL, NULL, NULL, NULL,
                    fetch_outcome, http_status, content_type, bytes, fetched_at, etag, last_modified, robots, final_url
                FROM rows \(only) ORDER BY row
                """)
        }
        matches = try database.prepare("""
            SELECT row, stage, algorithm, list, label, category, entry, observed, distance, variant, role, suppressed_by
            FROM matches \(only) ORDER BY row, seq
            """)
        if let row {
            rows.bind([.integer(row)])
            matches.bind([.integer(row)])
        }
        matchPending = try matches.step()
    }

    public func next() throws(StateError) -> RowResult? {
        guard try rows.step() else { return nil }
        // A value this version does not know is an error, never a guess that could keep a row.
        guard let verdict = RowResult.Verdict(rawValue: rows.text(1) ?? "") else {
            throw .foreignState(path: path, message: "row \(rows.int(0)) has an unknown verdict \(rows.text(1) ?? "null")")
        }
        var result = RowResult(
            row: rows.int(0),
            verdict: verdict,
            url: rows.text(2), normalizedURL: rows.text(3), reason: rows.text(4), detail: rows.text(5))
        if let md5 = rows.text(6), let sha1 = rows.text(7), let sha256 = rows.text(8) {
            result.content = .init(
                digests: ContentDigests(md5: md5, sha1: sha1, sha256: sha256), imageOutcome: "",
                pdq: rows.text(9), pdqQuality: rows.optionalInt(10), pdqDihedral: rows.text(11))
        }
        if columns == .all, result.content != nil {
            result.content?.imageOutcome = rows.text(12) ?? ""
            result.content?.format = rows.text(13)
            result.content?.width = rows.optionalInt(14)
            result.content?.height = rows.optionalInt(15)
        }
        if let outcome = rows.text(16) {
            result.fetch = .init(
                outcome: outcome, httpStatus: rows.optionalInt(17), contentType: rows.text(18),
                bytes: rows.int(19), fetchedAt: rows.double(20), etag: rows.text(21), lastModified: rows.text(22),
                robots: rows.text(23), finalURL: rows.text(24))
        }
        while matchPending && matches.int(0) < result.row { matchPending = try matches.step() }
        while matchPending && matches.int(0) == result.row {
            // Matches stored before list policies existed blocked their rows.
            guard let stage = MatchStage(rawValue: matches.text(1) ?? ""),
                  let algorithm = HashAlgorithm(rawValue: matches.text(2) ?? ""),
                  let role = ListRole(rawValue: matches.text(10) ?? ListRole.block.rawValue)
            else { throw .foreignState(path: path, message: "a match of row \(result.row) has an unknown stage, algorithm or role") }
            var match = Match(
                stage: stage,
                algorithm: algorithm,
                list: matches.text(3) ?? "", label: matches.text(4) ?? "",
                category: matches.text(5), entry: matches.text(6) ?? "",
                observed: matches.text(7) ?? "", distance: matches.optionalInt(8), variant: matches.text(9))
            match.role = role
            match.suppressedBy = matches.text(11)
            result.matches.append(match)
            matchPending = try matches.step()
        }
        return result
    }
}
