/// The review queue's derived tables in `state.sqlite` (schema version 7): one record per
/// quarantined row and entry group it is in (`review_matches`), one per entry group
/// (`review_groups`, with its size, distance spread, top domains and decision counts), each
/// group's filterable values (`review_group_facets`: its list, category, algorithm, stages,
/// domains and decision states) and how many rows or groups have each value
/// (`review_facet_counts`), so the queue can start every page from the index of its most
/// selective filter: any page of a million quarantined rows is a short index walk.
///
/// Made and built once per state, when the queue is first opened after a scan or rescan wrote rows (every
/// commit of rows marks it stale), and kept current by `DecisionLog.append`, which updates it in
/// the same transaction as the decision it records. It holds nothing the `rows`, `matches` and
/// `decisions` tables do not: dropped, it is rebuilt from them.
enum ReviewIndex {
    /// Meta key whose presence says the tables describe the current rows.
    static let builtKey = "review_index"
    /// Meta key: the last decision (seq) the tables include.
    static let decisionsKey = "review_decisions"
    /// Meta key: the median rows per entry group, the flood signal's baseline.
    static let medianKey = "review_median"

    /// Sort rank of exact matches (after every PDQ distance): those of `flag` lists, then those of
    /// vetted `block` lists, which need review least.
    static let flagListRank = 1000
    static let blockListRank = 1001

    /// Ascending rank of a match in the borderline order: PDQ by distance, highest first.
    static func rank(distance: Int?, role: String?) -> Int {
        if let distance { return 256 - distance }
        return role == ListRole.flag.rawValue ? flagListRank : blockListRank
    }

    static let tables = """
        CREATE TABLE review_groups (
            id INTEGER PRIMARY KEY, list TEXT NOT NULL, algorithm TEXT NOT NULL, entry TEXT NOT NULL,
            label TEXT NOT NULL, category TEXT, rows INTEGER NOT NULL, domains INTEGER NOT NULL, top_domains TEXT NOT NULL,
            min_distance INTEGER, max_distance INTEGER, first_row INTEGER NOT NULL, rank INTEGER NOT NULL,
            size_rank INTEGER NOT NULL, undecided INTEGER NOT NULL, confirmed INTEGER NOT NULL,
            false_positive INTEGER NOT NULL, escalated INTEGER NOT NULL);
        CREATE TABLE review_group_facets (
            facet TEXT NOT NULL, value TEXT NOT NULL, rank INTEGER NOT NULL, group_id INTEGER NOT NULL,
            PRIMARY KEY (facet, value, rank, group_id)) WITHOUT ROWID;
        CREATE TABLE review_facet_counts (
            scope TEXT NOT NULL, facet TEXT NOT NULL, value TEXT NOT NULL, count INTEGER NOT NULL,
            PRIMARY KEY (scope, facet, value)) WITHOUT ROWID;
        CREATE TABLE review_matches (
            row INTEGER NOT NULL, group_id INTEGER NOT NULL, seq INTEGER NOT NULL, list TEXT NOT NULL,
            algorithm TEXT NOT NULL, category TEXT, stage TEXT NOT NULL, distance INTEGER, domain TEXT NOT NULL,
            rank INTEGER NOT NULL, size_rank INTEGER NOT NULL, decision TEXT NOT NULL,
            PRIMARY KEY (row, group_id)) WITHOUT ROWID;
        """

    /// One index per order, and one per selective filter leading into the borderline order.
    static let indexes = """
        CREATE UNIQUE INDEX review_groups_by_entry ON review_groups (list, algorithm, entry);
        CREATE INDEX review_groups_by_rank ON review_groups (rank, id);
        CREATE INDEX review_groups_by_size ON review_groups (size_rank, id);
        CREATE INDEX review_groups_by_first_row ON review_groups (first_row, id);
        CREATE INDEX review_group_facets_by_group ON review_group_facets (group_id, facet, value);
        CREATE INDEX review_matches_by_rank ON review_matches (rank, row, group_id);
        CREATE INDEX review_matches_by_size ON review_matches (size_rank, row, group_id);
        CREATE INDEX review_matches_by_group ON review_matches (group_id, rank, row);
        CREATE INDEX review_matches_by_group_stage ON review_matches (group_id, stage, distance);
        CREATE INDEX review_matches_by_list ON review_matches (list, rank, row, group_id);
        CREATE INDEX review_matches_by_category ON review_matches (category, rank, row, group_id);
        CREATE INDEX review_matches_by_algorithm ON review_matches (algorithm, rank, row, group_id);
        CREATE INDEX review_matches_by_stage ON review_matches (stage, rank, row, group_id);
        CREATE INDEX review_matches_by_domain ON review_matches (domain, rank, row, group_id);
        CREATE INDEX review_matches_by_decision ON review_matches (decision, rank, row, group_id);
        """

    /// Column of `review_groups` counting rows in `state`.
    static func countColumn(_ state: ReviewDecisionState) -> String {
        switch state {
        case .undecided: "undecided"
        case .confirmed: "confirmed"
        case .falsePositive: "false_positive"
        case .escalated: "escalated"
        }
    }

    /// The host of a normalised URL (`scheme://[userinfo@]host[:port]/…`), lower-case; an IPv6
    /// address without its brackets, as `NormalizedURL.host` has it.
    static func domain(ofURL url: String) -> String {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        if let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            return String(rest[rest.index(after: rest.startIndex)..<close]).lowercased()
        }
        if let colon = rest.lastIndex(of: ":") { rest = rest[..<colon] }
        return rest.lowercased()
    }

    // MARK: - Freshness

    private static func meta(_ key: String, in database: SQLiteDatabase) throws(StateError) -> String? {
        let select = try database.prepare("SELECT value FROM meta WHERE key = ?1")
        select.bind([.text(key)])
        return try select.step() ? select.text(0) : nil
    }

    private static func setMeta(_ key: String, _ value: String, in database: SQLiteDatabase) throws(StateError) {
        try database.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)").run([.text(key), .text(value)])
    }

    static func lastDecision(in database: SQLiteDatabase) throws(StateError) -> Int {
        let select = try database.prepare("SELECT COALESCE(MAX(seq), 0) FROM decisions")
        _ = try select.step()
        return select.int(0)
    }

    /// Whether the tables describe the stored rows and every decision.
    static func isCurrent(_ database: SQLiteDatabase) throws(StateError) -> Bool {
        guard try meta(builtKey, in: database) != nil else { return false }
        return try meta(decisionsKey, in: database) == String(try lastDecision(in: database))
    }

    static func median(in database: SQLiteDatabase) throws(StateError) -> Int {
        Int(try meta(medianKey, in: database) ?? "") ?? 0
    }

    /// What a commit of rows calls: the tables no longer describe them.
    static let invalidation = "DELETE FROM meta WHERE key = '\(builtKey)'"

    // MARK: - Building

    /// Rebuilds the tables unless they are current. Takes the write lock first and checks again,
    /// so two openers build once.
    static func refresh(_ database: SQLiteDatabase, path: String) throws(StateError) {
        guard try !isCurrent(database) else { return }
        try database.execute("BEGIN IMMEDIATE")
        do {
            if try !isCurrent(database) { try rebuild(database) }
            try database.execute("COMMIT")
        } catch {
            try? database.execute("ROLLBACK")
            throw error
        }
    }

    private struct GroupTally {
        var id: Int
        var label: String
        var category: String?
        var rows = 0
        var minDistance: Int?
        var maxDistance: Int?
        var firstRow: Int
        var rank = Int.max
        var domains: [String: Int] = [:]
        var stages: Set<String> = []
    }

    private struct Member {
        var row: Int
        var group: Int
        var seq: Int
        var stage: String
        var distance: Int?
        var domain: String
        var rank: Int
    }

    /// Call inside a write transaction.
    private static func rebuild(_ database: SQLiteDatabase) throws(StateError) {
        try database.execute("""
            DROP TABLE IF EXISTS review_matches; DROP TABLE IF EXISTS review_groups;
            DROP TABLE IF EXISTS review_group_facets; DROP TABLE IF EXISTS review_facet_counts;
            PRAGMA cache_size = -262144;
            """ + tables)
        // Every match of a quarantined row but negative ones (an allow-list entry is no reason to
        // review); a row's several matches of one entry count once, by its most borderline match.
        let select = try database.prepare("""
            SELECT m.row, m.seq, m.list, m.algorithm, m.entry, m.label, m.category, m.stage, m.distance, m.role,
                r.normalized_url, r.url
            FROM matches m JOIN rows r ON r.row = m.row
            WHERE r.verdict = 'quarantined' AND COALESCE(m.role, 'block') != 'negative'
            ORDER BY m.row, m.seq
            """)
        var groups: [ReviewGroupKey: GroupTally] = [:]
        var members: [Member] = []
        var rowMembers: [ReviewGroupKey: Int] = [:]
        var currentRow = -1
        while try select.step() {
            let row = select.int(0)
            if row != currentRow {
                currentRow = row
                rowMembers.removeAll(keepingCapacity: true)
            }
            let key = ReviewGroupKey(list: select.text(2) ?? "", algorithm: select.text(3) ?? "", entry: select.text(4) ?? "")
            let distance = select.optionalInt(8)
            let rank = rank(distance: distance, role: select.text(9))
            if let index = rowMembers[key] {
                if rank < members[index].rank {
                    members[index].rank = rank
                    members[index].seq = select.int(1)
                    members[index].stage = select.text(7) ?? ""
                    members[index].distance = distance
                }
                continue
            }
            let domain = domain(ofURL: select.text(10) ?? select.text(11) ?? "")
            var tally = groups[key] ?? GroupTally(
                id: groups.count + 1, label: select.text(5) ?? "", category: select.text(6), firstRow: row)
            tally.rows += 1
            tally.domains[domain, default: 0] += 1
            tally.stages.insert(select.text(7) ?? "")
            if let distance {
                tally.minDistance = min(tally.minDistance ?? distance, distance)
                tally.maxDistance = max(tally.maxDistance ?? distance, distance)
            }
            groups[key] = tally
            rowMembers[key] = members.count
            members.append(Member(
                row: row, group: tally.id, seq: select.int(1), stage: select.text(7) ?? "", distance: distance,
                domain: domain, rank: rank))
        }
        // Group ids are dense from 1, so per-group figures sit in arrays indexed by id.
        var rankOfGroup = [Int](repeating: Int.max, count: groups.count + 1)
        var sizeOfGroup = [Int](repeating: 0, count: groups.count + 1)
        for member in members { rankOfGroup[member.group] = min(rankOfGroup[member.group], member.rank) }
        for tally in groups.values { sizeOfGroup[tally.id] = tally.rows }

        let insertGroup = try database.prepare("""
            INSERT INTO review_groups (id, list, algorithm, entry, label, category, rows, domains, top_domains,
                min_distance, max_distance, first_row, rank, size_rank, undecided, confirmed, false_positive, escalated)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?7, 0, 0, 0)
            """)
        let insertFacet = try database.prepare(
            "INSERT OR IGNORE INTO review_group_facets (facet, value, rank, group_id) VALUES (?1, ?2, ?3, ?4)")
        var groupCounts: [Facet: Int] = [:]
        var rowCounts: [Facet: Int] = [:]
        for (key, tally) in groups {
            let top = tally.domains.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(topDomainsStored)
            try insertGroup.run([
                .integer(tally.id), .text(key.list), .text(key.algorithm), .text(key.entry), .text(tally.label),
                .of(tally.category), .integer(tally.rows), .integer(tally.domains.count),
                .text(top.map { "\($0.key)\t\($0.value)" }.joined(separator: "\n")),
                .of(tally.minDistance), .of(tally.maxDistance), .integer(tally.firstRow),
                .integer(rankOfGroup[tally.id]), .integer(-tally.rows),
            ])
            var facets = [Facet("list", key.list), Facet("algorithm", key.algorithm), Facet("decision", "undecided")]
            if let category = tally.category { facets.append(Facet("category", category)) }
            facets += tally.stages.map { Facet("stage", $0) } + tally.domains.keys.map { Facet("domain", $0) }
            for facet in facets {
                try insertFacet.run([.text(facet.name), .text(facet.value), .integer(rankOfGroup[tally.id]), .integer(tally.id)])
                groupCounts[facet, default: 0] += 1
            }
        }
        let keyOfGroup = Dictionary(uniqueKeysWithValues: groups.map { ($0.value.id, $0.key) })
        let insertMember = try database.prepare("""
            INSERT INTO review_matches (row, group_id, seq, list, algorithm, category, stage, distance, domain, rank,
                size_rank, decision)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'undecided')
            """)
        for member in members {
            let key = keyOfGroup[member.group]!
            let category = groups[key]?.category
            for facet in [
                Facet("list", key.list), Facet("algorithm", key.algorithm), Facet("stage", member.stage),
                Facet("domain", member.domain), Facet("decision", "undecided"),
                Facet("distance", member.distance.map(String.init) ?? "none"),
            ] + (category.map { [Facet("category", $0)] } ?? []) {
                rowCounts[facet, default: 0] += 1
            }
            try insertMember.run([
                .integer(member.row), .integer(member.group), .integer(member.seq), .text(key.list),
                .text(key.algorithm), .of(category), .text(member.stage), .of(member.distance),
                .text(member.domain), .integer(member.rank), .integer(-sizeOfGroup[member.group]),
            ])
        }
        let insertCount = try database.prepare(
            "INSERT INTO review_facet_counts (scope, facet, value, count) VALUES (?1, ?2, ?3, ?4)")
        for (scope, counts) in [("rows", rowCounts), ("groups", groupCounts)] {
            for (facet, count) in counts {
                try insertCount.run([.text(scope), .text(facet.name), .text(facet.value), .integer(count)])
            }
        }
        try database.execute(indexes)

        let decisions = try DecisionLog.records(in: database)
        for decision in decisions { try apply(decision, to: database) }
        let sizes = sizeOfGroup.dropFirst().sorted()
        try setMeta(medianKey, String(sizes.isEmpty ? 0 : sizes[sizes.count / 2]), in: database)
        try setMeta(decisionsKey, String(decisions.last?.seq ?? 0), in: database)
        try setMeta(builtKey, "schema 7", in: database)
    }

    /// A filterable value: `list`, `category`, `algorithm`, `stage`, `domain`, `decision` or
    /// (for rows) `distance`, and what it is.
    struct Facet: Hashable {
        var name: String
        var value: String
        init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// How many rows (`scope` "rows") or groups ("groups") have a facet's value.
    static func count(_ facet: Facet, scope: String, in database: SQLiteDatabase) throws(StateError) -> Int {
        let select = try database.prepare(
            "SELECT count FROM review_facet_counts WHERE scope = ?1 AND facet = ?2 AND value = ?3")
        select.bind([.text(scope), .text(facet.name), .text(facet.value)])
        return try select.step() ? select.int(0) : 0
    }

    private static func addCount(
        _ delta: Int, scope: String, _ facet: Facet, in database: SQLiteDatabase
    ) throws(StateError) {
        guard delta != 0 else { return }
        try database.prepare("""
            INSERT INTO review_facet_counts (scope, facet, value, count) VALUES (?1, ?2, ?3, ?4)
            ON CONFLICT (scope, facet, value) DO UPDATE SET count = count + ?4
            """).run([.text(scope), .text(facet.name), .text(facet.value), .integer(delta)])
    }

    /// Domains kept per group for display.
    static let topDomainsStored = 5

    // MARK: - Decisions

    /// Brings the tables up to `decision`, just appended: call inside the transaction that
    /// appended it. Tables that missed an earlier decision are left stale, to be rebuilt.
    static func record(_ decision: Decision, in database: SQLiteDatabase) throws(StateError) {
        guard try meta(builtKey, in: database) != nil else { return }
        guard try meta(decisionsKey, in: database) == String(decision.seq - 1) else {
            try database.execute(invalidation)
            return
        }
        try apply(decision, to: database)
        try setMeta(decisionsKey, String(decision.seq), in: database)
    }

    private static func apply(_ decision: Decision, to database: SQLiteDatabase) throws(StateError) {
        let state = ReviewDecisionState(decision.kind)
        // Rows of each group leaving each state, found before the update.
        var moves: [Int: [ReviewDecisionState: Int]] = [:]
        switch decision.target {
        case .row(let row):
            let select = try database.prepare("SELECT group_id, decision FROM review_matches WHERE row = ?1")
            select.bind([.integer(row)])
            while try select.step() {
                let old = ReviewDecisionState(rawValue: select.text(1) ?? "") ?? .undecided
                if old != state { moves[select.int(0), default: [:]][old, default: 0] += 1 }
            }
            try database.prepare("UPDATE review_matches SET decision = ?1 WHERE row = ?2 AND decision != ?1")
                .run([.text(state.rawValue), .integer(row)])
        case .entry(let list, let algorithm, let entry):
            let select = try database.prepare("""
                SELECT id, undecided, confirmed, false_positive, escalated FROM review_groups
                WHERE list = ?1 AND algorithm = ?2 AND entry = ?3
                """)
            select.bind([.text(list), .text(algorithm), .text(entry)])
            guard try select.step() else { return }
            let group = select.int(0)
            for (offset, old) in ReviewDecisionState.allCases.enumerated() where old != state {
                moves[group, default: [:]][old] = select.int(1 + offset)
            }
            try database.prepare("UPDATE review_matches SET decision = ?1 WHERE group_id = ?2 AND decision != ?1")
                .run([.text(state.rawValue), .integer(group)])
        }
        let column = countColumn(state)
        for (group, leaving) in moves {
            var moved = 0
            for (old, rows) in leaving where rows > 0 {
                let oldColumn = countColumn(old)
                try database.prepare("UPDATE review_groups SET \(oldColumn) = \(oldColumn) - ?1 WHERE id = ?2")
                    .run([.integer(rows), .integer(group)])
                try addCount(-rows, scope: "rows", Facet("decision", old.rawValue), in: database)
                moved += rows
            }
            guard moved > 0 else { continue }
            try database.prepare("UPDATE review_groups SET \(column) = \(column) + ?1 WHERE id = ?2")
                .run([.integer(moved), .integer(group)])
            try addCount(moved, scope: "rows", Facet("decision", state.rawValue), in: database)
            try refreshDecisionFacets(ofGroup: group, in: database)
        }
    }

    /// Makes a group's `decision` facets the states it has rows in, and their group counts follow.
    private static func refreshDecisionFacets(ofGroup group: Int, in database: SQLiteDatabase) throws(StateError) {
        let select = try database.prepare(
            "SELECT rank, undecided, confirmed, false_positive, escalated FROM review_groups WHERE id = ?1")
        select.bind([.integer(group)])
        guard try select.step() else { return }
        let rank = select.int(0)
        let counts = ReviewDecisionState.allCases.enumerated().map { ($0.element, select.int(1 + $0.offset)) }
        select.reset()
        for (state, rows) in counts {
            let exists = try database.prepare(
                "SELECT 1 FROM review_group_facets WHERE facet = 'decision' AND value = ?1 AND rank = ?2 AND group_id = ?3")
            exists.bind([.text(state.rawValue), .integer(rank), .integer(group)])
            let present = try exists.step()
            exists.reset()
            if rows > 0, !present {
                try database.prepare(
                    "INSERT INTO review_group_facets (facet, value, rank, group_id) VALUES ('decision', ?1, ?2, ?3)"
                ).run([.text(state.rawValue), .integer(rank), .integer(group)])
                try addCount(1, scope: "groups", Facet("decision", state.rawValue), in: database)
            } else if rows == 0, present {
                try database.prepare(
                    "DELETE FROM review_group_facets WHERE facet = 'decision' AND value = ?1 AND rank = ?2 AND group_id = ?3"
                ).run([.text(state.rawValue), .integer(rank), .integer(group)])
                try addCount(-1, scope: "groups", Facet("decision", state.rawValue), in: database)
            }
        }
    }
}
