import Foundation
import Synchronization

/// The review queue over one state directory: quarantined rows grouped by the list entry that
/// matched them, filtered, ordered borderline-first and paged by keyset, fast at a million rows.
///
/// Reads through its own read-only SQLite connection, so a web server can hold one queue for all
/// its requests; decisions are written through `DecisionLog`, which keeps the queue's tables
/// (`ReviewIndex`) current in the same transaction. When a scan or rescan has written rows since
/// the tables were built, the next call rebuilds them first (seconds at a million rows).
public final class ReviewQueue: Sendable {
    /// Domains listed per group (`ReviewGroup.topDomains`).
    public static let topDomains = 3

    public let stateDirectory: String
    public let statePath: String
    /// Flood limits per list (`flood_limit`); lists without one use the median rule.
    public let listPolicy: ListPolicy
    private let connection: Mutex<SQLiteDatabase>
    /// Whether the manifest the state is bound to is there to read captions from.
    private let captionsAvailable: Bool
    /// Below this many candidates a filter's own index is walked and its rows sorted, whatever the
    /// order; above it the order's index is walked and the filters tested on the way.
    let sortLimit: Int

    /// Opens the queue of the state in `stateDirectory` (its `state.sqlite`), migrating an older
    /// state and building the queue's tables when they are missing or stale.
    public convenience init(stateDirectory: String, listPolicy: ListPolicy = .none) throws {
        try self.init(stateDirectory: stateDirectory, listPolicy: listPolicy, sortLimit: 20_000)
    }

    init(stateDirectory: String, listPolicy: ListPolicy, sortLimit: Int) throws {
        self.sortLimit = sortLimit
        self.stateDirectory = stateDirectory
        statePath = (stateDirectory as NSString).appendingPathComponent("state.sqlite")
        self.listPolicy = listPolicy
        guard FileManager.default.fileExists(atPath: statePath) else { throw ReviewError.noState(path: statePath) }
        let store = try StateStore(path: statePath)
        try ReviewIndex.refresh(store.database, path: statePath)
        captionsAvailable = try store.manifestBinding().map { FileManager.default.fileExists(atPath: $0.path) } ?? false
        connection = Mutex(try SQLiteDatabase(path: statePath, readOnly: true))
    }

    /// Runs `body` on the read connection, after rebuilding the tables if rows changed since.
    private func read<T: Sendable>(_ body: @Sendable (SQLiteDatabase) throws -> T) throws -> T {
        try connection.withLock { database in
            if try !ReviewIndex.isCurrent(database) {
                let store = try StateStore(path: statePath)
                try ReviewIndex.refresh(store.database, path: statePath)
            }
            return try body(database)
        }
    }

    /// The flood rule: more rows than the list's `flood_limit` when the list policy sets one;
    /// otherwise `MatchAggregates.isFlood` (at least 20 rows and ten times the median group), the
    /// rule report.html uses.
    public func isFlood(list: String, rows: Int, medianRows: Int) -> Bool {
        if let limit = listPolicy.rule(for: list).floodLimit { return rows > limit }
        return MatchAggregates.isFlood(rows: rows, median: medianRows)
    }

    // MARK: - Groups


    /// A page of entry groups: those `filter` selects, in `order`, after `cursor` (nil: the first page).
    ///
    /// Each page starts from the index of the filter that selects fewest groups (by the counts the
    /// review tables keep), so a rare value is found without walking every group.
    public func groups(
        filter: ReviewFilter = .all, order: ReviewOrder = .borderline, after cursor: ReviewCursor? = nil, limit: Int = 50
    ) throws -> ReviewPage<ReviewGroup> {
        let statePath = statePath
        return try read { database in
            var facets: [ReviewIndex.Facet] = []
            if let list = filter.list { facets.append(.init("list", list)) }
            if let category = filter.category { facets.append(.init("category", category)) }
            if let algorithm = filter.algorithm { facets.append(.init("algorithm", algorithm)) }
            if let stage = filter.stage { facets.append(.init("stage", stage.rawValue)) }
            if let domain = filter.domain { facets.append(.init("domain", domain)) }
            if let decision = filter.decision { facets.append(.init("decision", decision.rawValue)) }
            var driver: (facet: ReviewIndex.Facet, count: Int)?
            for facet in facets {
                let count = try ReviewIndex.count(facet, scope: "groups", in: database)
                if driver == nil || count < driver!.count { driver = (facet, count) }
            }
            let fromFacets = filter.group == nil && driver.map { order == .borderline || $0.count <= sortLimit } ?? false

            var query = ReviewQuery()
            let source: String
            var orderColumns = Self.groupColumns(order)
            if fromFacets, let driver {
                // The facet's key holds the borderline rank, so that order needs no sort.
                source = "review_group_facets f CROSS JOIN review_groups g ON g.id = f.group_id"
                query.require("f.facet = ? AND f.value = ?", .text(driver.facet.name), .text(driver.facet.value))
                if order == .borderline { orderColumns = ["f.rank", "f.group_id"] }
            } else if filter.group != nil {
                source = "review_groups g INDEXED BY review_groups_by_entry"
            } else {
                let index = switch order {
                case .borderline: "review_groups_by_rank"
                case .groupSize: "review_groups_by_size"
                case .row: "review_groups_by_first_row"
                }
                source = "review_groups g INDEXED BY \(index)"
            }

            if let list = filter.list { query.require("g.list = ?", .text(list)) }
            if let category = filter.category { query.require("g.category = ?", .text(category)) }
            if let algorithm = filter.algorithm { query.require("g.algorithm = ?", .text(algorithm)) }
            if let group = filter.group {
                query.require("g.list = ? AND g.algorithm = ? AND g.entry = ?",
                    .text(group.list), .text(group.algorithm), .text(group.entry))
            }
            if let decision = filter.decision { query.require("g.\(ReviewIndex.countColumn(decision)) > 0") }
            if let band = filter.pdqDistance {
                query.require("g.min_distance <= ? AND g.max_distance >= ?", .integer(band.upperBound), .integer(band.lowerBound))
            }
            // Stage and domain have no column in review_groups: tested in the facets, unless they drive.
            for facet in facets where ["stage", "domain"].contains(facet.name) && !(fromFacets && facet == driver?.facet) {
                query.require("""
                    EXISTS (SELECT 1 FROM review_group_facets d
                            WHERE d.group_id = g.id AND d.facet = ? AND d.value = ?)
                    """, .text(facet.name), .text(facet.value))
            }
            // Row-level conditions together: the group needs one row meeting them all at once.
            var member = ReviewQuery()
            if let stage = filter.stage { member.require("q.stage = ?", .text(stage.rawValue)) }
            if let band = filter.pdqDistance {
                member.require("q.distance BETWEEN ? AND ?", .integer(band.lowerBound), .integer(band.upperBound))
            }
            if let domain = filter.domain { member.require("q.domain = ?", .text(domain)) }
            if let decision = filter.decision { member.require("q.decision = ?", .text(decision.rawValue)) }
            if member.conditions.count > 1 || filter.pdqDistance != nil {
                query.require(
                    "EXISTS (SELECT 1 FROM review_matches q WHERE q.group_id = g.id AND \(member.whereClause))",
                    member.values)
            }
            try query.page(after: cursor, order: order, columns: orderColumns, path: statePath)

            let median = try ReviewIndex.median(in: database)
            let select = try database.prepare("""
                SELECT g.list, g.algorithm, g.entry, g.label, g.category, g.rows, g.domains, g.top_domains,
                    g.min_distance, g.max_distance, g.undecided, g.confirmed, g.false_positive, g.escalated,
                    \(orderColumns.joined(separator: ", "))
                FROM \(source) WHERE \(query.whereClause)
                ORDER BY \(orderColumns.joined(separator: ", ")) LIMIT \(max(limit, 1))
                """)
            select.bind(query.values)
            var items: [ReviewGroup] = []
            var lastKeys: [Int] = []
            while try select.step() {
                let list = select.text(0) ?? ""
                let rows = select.int(5)
                let top = (select.text(7) ?? "").split(separator: "\n").prefix(Self.topDomains).compactMap { line in
                    let parts = line.split(separator: "\t")
                    return parts.count == 2 ? DomainCount(domain: String(parts[0]), rows: Int(parts[1]) ?? 0) : nil
                }
                items.append(ReviewGroup(
                    key: ReviewGroupKey(list: list, algorithm: select.text(1) ?? "", entry: select.text(2) ?? ""),
                    label: select.text(3) ?? "", category: select.text(4), rows: rows, topDomains: top,
                    domainCount: select.int(6), minDistance: select.optionalInt(8), maxDistance: select.optionalInt(9),
                    decisions: DecisionCounts(
                        undecided: select.int(10), confirmed: select.int(11), falsePositive: select.int(12),
                        escalated: select.int(13)),
                    isFlood: isFlood(list: list, rows: rows, medianRows: median)))
                lastKeys = [select.int(14), select.int(15)]
            }
            let next = items.count == max(limit, 1) ? ReviewCursor(order: order, keys: lastKeys) : nil
            return ReviewPage(items: items, next: next)
        }
    }

    private static func groupColumns(_ order: ReviewOrder) -> [String] {
        switch order {
        case .borderline: ["g.rank", "g.id"]
        case .groupSize: ["g.size_rank", "g.id"]
        case .row: ["g.first_row", "g.id"]
        }
    }

    // MARK: - Rows

    /// A page of quarantined rows (each with the match of one entry group): those `filter`
    /// selects, in `order`, after `cursor` (nil: the first page).
    ///
    /// Like `groups`, each page starts from the index of the filter that selects fewest rows.
    public func rows(
        filter: ReviewFilter = .all, order: ReviewOrder = .borderline, after cursor: ReviewCursor? = nil, limit: Int = 50
    ) throws -> ReviewPage<ReviewRow> {
        let sortColumns: [String] = switch order {
        case .borderline: ["q.rank", "q.row", "q.group_id"]
        case .groupSize: ["q.size_rank", "q.row", "q.group_id"]
        case .row: ["q.row", "q.group_id"]
        }
        var query = ReviewQuery()
        if let list = filter.list { query.require("q.list = ?", .text(list)) }
        if let category = filter.category { query.require("q.category = ?", .text(category)) }
        if let algorithm = filter.algorithm { query.require("q.algorithm = ?", .text(algorithm)) }
        if let stage = filter.stage { query.require("q.stage = ?", .text(stage.rawValue)) }
        if let band = filter.pdqDistance {
            // Within PDQ matches the rank is 256 minus the distance, so a band is a range of ranks.
            query.require("q.distance BETWEEN ? AND ?", .integer(band.lowerBound), .integer(band.upperBound))
            query.require("q.rank BETWEEN ? AND ?", .integer(256 - band.upperBound), .integer(256 - band.lowerBound))
        }
        if let decision = filter.decision { query.require("q.decision = ?", .text(decision.rawValue)) }
        if let domain = filter.domain { query.require("q.domain = ?", .text(domain)) }
        if let group = filter.group {
            query.require(
                "q.group_id = (SELECT id FROM review_groups WHERE list = ? AND algorithm = ? AND entry = ?)",
                .text(group.list), .text(group.algorithm), .text(group.entry))
        }
        try query.page(after: cursor, order: order, columns: sortColumns, path: statePath)
        let finished = query
        let captions = captionsAvailable

        return try read { database in
            // The filter selecting fewest rows chooses the index the page starts from.
            var candidates: [(index: String, count: Int)] = []
            let facets: [(String, String?, String)] = [
                ("list", filter.list, "review_matches_by_list"),
                ("category", filter.category, "review_matches_by_category"),
                ("algorithm", filter.algorithm, "review_matches_by_algorithm"),
                ("stage", filter.stage?.rawValue, "review_matches_by_stage"),
                ("domain", filter.domain, "review_matches_by_domain"),
                ("decision", filter.decision?.rawValue, "review_matches_by_decision"),
            ]
            for (name, value, index) in facets {
                guard let value else { continue }
                candidates.append((index, try ReviewIndex.count(.init(name, value), scope: "rows", in: database)))
            }
            if let band = filter.pdqDistance {
                var count = 0
                for distance in max(band.lowerBound, 0)...max(min(band.upperBound, 256), 0) {
                    count += try ReviewIndex.count(.init("distance", String(distance)), scope: "rows", in: database)
                }
                candidates.append(("review_matches_by_rank", count))
            }
            if let group = filter.group {
                let select = try database.prepare(
                    "SELECT rows FROM review_groups WHERE list = ?1 AND algorithm = ?2 AND entry = ?3")
                select.bind([.text(group.list), .text(group.algorithm), .text(group.entry)])
                candidates.append(("review_matches_by_group", try select.step() ? select.int(0) : 0))
            }
            let orderIndex = switch order {
            case .borderline: "INDEXED BY review_matches_by_rank"
            case .groupSize: "INDEXED BY review_matches_by_size"
            case .row: "NOT INDEXED"
            }
            var access = orderIndex
            if let best = candidates.min(by: { $0.count < $1.count }),
               order == .borderline || best.count <= sortLimit {
                access = "INDEXED BY " + best.index
            }
            // The page is chosen from the index alone; only its rows are joined to their details.
            let select = try database.prepare("""
                SELECT q.row, q.domain, q.decision, m.stage, m.list, m.algorithm, m.entry, m.label, m.category,
                    m.observed, m.distance, m.variant, r.url, r.pdq_quality, r.fetch_outcome, r.http_status,
                    r.content_type, r.bytes, r.fetched_at,
                    (SELECT COUNT(*) FROM review_matches o WHERE o.row = q.row),
                    \(sortColumns.joined(separator: ", "))
                FROM (SELECT * FROM review_matches q \(access) WHERE \(finished.whereClause)
                      ORDER BY \(sortColumns.joined(separator: ", ")) LIMIT \(max(limit, 1))) q
                CROSS JOIN matches m ON m.row = q.row AND m.seq = q.seq
                CROSS JOIN rows r ON r.row = q.row
                ORDER BY \(sortColumns.joined(separator: ", "))
                """)
            select.bind(finished.values)
            var items: [ReviewRow] = []
            var lastKeys: [Int] = []
            while try select.step() {
                let fetch = select.isNull(14) ? nil : ReviewFetchFacts(
                    outcome: select.text(14) ?? "", httpStatus: select.optionalInt(15), contentType: select.text(16),
                    bytes: select.int(17), fetchedAt: select.double(18))
                items.append(ReviewRow(
                    row: select.int(0), url: select.text(12) ?? "", domain: select.text(1) ?? "",
                    stage: MatchStage(rawValue: select.text(3) ?? "") ?? .url,
                    group: ReviewGroupKey(list: select.text(4) ?? "", algorithm: select.text(5) ?? "", entry: select.text(6) ?? ""),
                    label: select.text(7) ?? "", category: select.text(8), observed: select.text(9) ?? "",
                    distance: select.optionalInt(10), pdqQuality: select.optionalInt(13), variant: select.text(11),
                    fetch: fetch, captionAvailable: captions,
                    decision: ReviewDecisionState(rawValue: select.text(2) ?? "") ?? .undecided,
                    matchesOfRow: select.int(19)))
                lastKeys = (0..<sortColumns.count).map { select.int(20 + $0) }
            }
            let next = items.count == max(limit, 1) ? ReviewCursor(order: order, keys: lastKeys) : nil
            return ReviewPage(items: items, next: next)
        }
    }

    // MARK: - One row

    /// One quarantined row in full: every match with its latest decision (and, for PDQ, both hashes),
    /// the decisions covering it, and with `caption: true` its caption. nil when the row is not
    /// quarantined.
    public func row(_ row: Int, caption: Bool = false) throws -> ReviewRowDetail? {
        let detail: ReviewRowDetail? = try read { database in
            let cursor = try RowResultCursor(database: database, columns: .all, row: row)
            guard let result = try cursor.next(), result.verdict == .quarantined else { return nil }
            let select = try database.prepare("""
                SELECT seq, at, reviewer, decision, row, list, algorithm, entry, note, previous_hash, hash
                FROM decisions WHERE row = ?1
                UNION SELECT seq, at, reviewer, decision, row, list, algorithm, entry, note, previous_hash, hash
                FROM decisions WHERE (list, algorithm, entry) IN (SELECT list, algorithm, entry FROM matches WHERE row = ?1)
                ORDER BY seq
                """)
            select.bind([.integer(row)])
            var decisions: [Decision] = []
            while try select.step() { decisions.append(DecisionLog.decision(from: select)) }
            let matches = result.matches.map { match in
                let latest = decisions.last { $0.target.covers(row: row, match: match) }
                let pdq = match.algorithm == .pdq
                    ? PDQComparison(observedHex: match.observed, entryHex: match.entry) : nil
                return ReviewedMatch(match: match, decision: latest.map { ReviewDecisionState($0.kind) } ?? .undecided, pdq: pdq)
            }
            let domain = ReviewIndex.domain(ofURL: result.normalizedURL ?? result.url ?? "")
            return ReviewRowDetail(result: result, domain: domain, matches: matches, decisions: decisions, caption: nil)
        }
        guard var detail else { return nil }
        if caption { detail.caption = try self.caption(ofRow: row, expectedURL: detail.result.url) }
        return detail
    }

    /// The caption of manifest row `row`, read from the manifest (the state keeps none; see
    /// `ReviewCaption`).
    public func caption(ofRow row: Int) throws -> ReviewCaption {
        try caption(ofRow: row, expectedURL: nil)
    }

    private func caption(ofRow row: Int, expectedURL: String?) throws -> ReviewCaption {
        guard let binding = try StateStore(path: statePath).manifestBinding() else {
            return .unavailable("the state is bound to no manifest")
        }
        return ManifestCaption.read(row: row, binding: binding, expectedURL: expectedURL)
    }
}
