import Foundation
import Testing
@testable import Linksieve

/// The review queue's data layer: groups and rows of quarantined matches, filtered, ordered
/// borderline-first, paged by keyset, with the flood signal.
@Suite("Review queue")
struct ReviewQueueTests {
    typealias Hit = ReviewQueueFixture.Hit

    static let logo = ReviewQueueFixture.pdq(ReviewQueueFixture.entryHash, flipping: 0)
    static let near = ReviewQueueFixture.pdq(ReviewQueueFixture.entryHash, flipping: 100)
    static let far = ReviewQueueFixture.pdq(ReviewQueueFixture.entryHash, flipping: 200)
    static let md5Entry = String(repeating: "ab", count: 16)
    static let flagEntry = String(repeating: "cd", count: 32)

    /// Rows 0…29: one PDQ entry (a "logo") on logo.example at distances 0…29 — a flood.
    /// Row 30: `near` at 31; row 31: `far` at 5; rows 32, 33: an md5 entry of b.csv (block);
    /// row 34: a sha256 entry of c.csv (flag role) and the md5 entry; row 35: `near` at 20 and the
    /// md5 entry; rows 36…39 kept.
    static func makeFixture() throws -> ReviewQueueFixture {
        let fixture = try ReviewQueueFixture()
        for row in 0..<30 {
            try fixture.add(row: row, domain: row < 25 ? "logo.example" : "cdn.example", hits: [
                Hit(list: "a.csv", algorithm: .pdq, entry: logo, distance: row, category: "logos"),
            ])
        }
        try fixture.add(row: 30, domain: "photos.example", hits: [Hit(list: "a.csv", algorithm: .pdq, entry: near, distance: 31)])
        try fixture.add(row: 31, domain: "photos.example", hits: [Hit(list: "a.csv", algorithm: .pdq, entry: far, distance: 5)])
        for row in 32...33 {
            try fixture.add(row: row, domain: "files.example", hits: [Hit(list: "b.csv", algorithm: .md5, entry: md5Entry, distance: nil)])
        }
        try fixture.add(row: 34, domain: "files.example", hits: [
            Hit(list: "c.csv", algorithm: .sha256, entry: flagEntry, distance: nil, role: .flag),
            Hit(list: "b.csv", algorithm: .md5, entry: md5Entry, distance: nil),
        ])
        try fixture.add(row: 35, domain: "photos.example", hits: [
            Hit(list: "a.csv", algorithm: .pdq, entry: near, distance: 20),
            Hit(list: "b.csv", algorithm: .md5, entry: md5Entry, distance: nil),
        ])
        for row in 36..<40 { try fixture.add(row: row, domain: "kept.example", hits: []) }
        try fixture.finish()
        return fixture
    }

    /// Every item of every page, following the cursors.
    static func allRows(_ queue: ReviewQueue, filter: ReviewFilter = .all, order: ReviewOrder = .borderline, limit: Int = 7)
        throws -> [ReviewRow]
    {
        var items: [ReviewRow] = []
        var cursor: ReviewCursor?
        repeat {
            let page = try queue.rows(filter: filter, order: order, after: cursor, limit: limit)
            items += page.items
            cursor = page.next
        } while cursor != nil
        return items
    }

    /// Every group of every page, following the cursors.
    static func allGroups(_ queue: ReviewQueue, filter: ReviewFilter = .all, order: ReviewOrder = .borderline)
        throws -> [ReviewGroup]
    {
        var items: [ReviewGroup] = []
        var cursor: ReviewCursor?
        repeat {
            let page = try queue.groups(filter: filter, order: order, after: cursor, limit: 2)
            items += page.items
            cursor = page.next
        } while cursor != nil
        return items
    }

    @Test("rows come borderline first: PDQ by distance, highest first, then flag-list digests, vetted digests last")
    func borderlineOrder() throws {
        let fixture = try Self.makeFixture()
        let queue = try ReviewQueue(stateDirectory: fixture.path)
        let rows = try Self.allRows(queue)
        // 33 PDQ matches, one sha256 (flag) and four md5 (rows 32…35): rows 34 and 35 are listed once per entry.
        #expect(rows.count == 33 + 1 + 4)
        let pdq = rows.prefix(33)
        #expect(pdq.allSatisfy { $0.group.algorithm == "pdq" })
        #expect(pdq.map { $0.distance! } == pdq.map { $0.distance! }.sorted(by: >))
        #expect(rows.first?.row == 30 && rows.first?.distance == 31)
        #expect(rows[33].group.algorithm == "sha256" && rows[33].row == 34)
        #expect(rows.suffix(4).map(\.row) == [32, 33, 34, 35])
        #expect(rows.suffix(4).allSatisfy { $0.group.algorithm == "md5" })
        #expect(rows.first { $0.row == 35 }?.matchesOfRow == 2)
        let first = try #require(rows.first)
        #expect(first.url == "https://photos.example/images/30.jpg" && first.domain == "photos.example")
        #expect(first.fetch?.httpStatus == 200 && first.fetch?.bytes == 1030 && first.pdqQuality == 90)
        #expect(first.decision == .undecided)
    }
}

extension ReviewQueueTests {
    /// The rows (as row numbers) a filter should select, worked out from the fixture's design.
    static let expectedRows: [(ReviewFilter, Set<Int>)] = [
        (ReviewFilter(list: "b.csv"), [32, 33, 34, 35]),
        (ReviewFilter(category: "logos"), Set(0..<30)),
        (ReviewFilter(algorithm: "sha256"), [34]),
        (ReviewFilter(stage: .bytes), [32, 33, 34, 35]),
        (ReviewFilter(pdqDistance: 20...31), Set(20..<30).union([30, 35])),
        (ReviewFilter(domain: "cdn.example"), Set(25..<30)),
        (ReviewFilter(group: ReviewGroupKey(list: "a.csv", algorithm: "pdq", entry: near)), [30, 35]),
        (ReviewFilter(list: "a.csv", pdqDistance: 0...10, domain: "photos.example"), [31]),
        (ReviewFilter(algorithm: "md5", domain: "photos.example"), [35]),
        (ReviewFilter(list: "nothing.csv"), []),
    ]

    @Test("every filter, alone and combined, selects exactly its rows, in every order", arguments: [0, 20_000])
    func rowFilters(sortLimit: Int) throws {
        let fixture = try Self.makeFixture()
        // A sort limit of 0 makes the queue walk each order's own index rather than a filter's.
        let queue = try ReviewQueue(stateDirectory: fixture.path, listPolicy: .none, sortLimit: sortLimit)
        for (filter, expected) in Self.expectedRows {
            for order in ReviewOrder.allCases {
                let rows = try Self.allRows(queue, filter: filter, order: order, limit: 4)
                #expect(Set(rows.map(\.row)) == expected, "\(filter) \(order)")
                #expect(Set(rows.map { "\($0.row)/\($0.group.entry)" }).count == rows.count, "\(filter) \(order)")
                let groups = try Self.allGroups(queue, filter: filter, order: order)
                #expect(Set(groups.map(\.key)).count == groups.count, "\(filter) \(order)")
                // A group is selected exactly when one of its rows is.
                #expect(Set(groups.map(\.key)) == Set(rows.map(\.group)), "\(filter) \(order)")
            }
        }
        let byRow = try Self.allRows(queue, order: .row)
        #expect(byRow.map(\.row) == byRow.map(\.row).sorted())
        let bySize = try Self.allRows(queue, order: .groupSize)
        #expect(bySize.prefix(30).allSatisfy { $0.group.entry == Self.logo })
        #expect(bySize[30].group.algorithm == "md5")
    }

    @Test("decision state filters follow the latest decision on the row or its group")
    func decisionFilter() throws {
        let fixture = try Self.makeFixture()
        let queue = try ReviewQueue(stateDirectory: fixture.path)
        let log = DecisionLog(state: fixture.store)
        try log.append(reviewer: "ana", kind: .confirmed, target: .entry(list: "b.csv", algorithm: "md5", entry: Self.md5Entry))
        try log.append(reviewer: "ana", kind: .falsePositive, target: .row(35))
        try log.append(reviewer: "ben", kind: .escalate, target: .row(3))
        let rows = { (state: ReviewDecisionState) in
            try Set(Self.allRows(queue, filter: ReviewFilter(decision: state)).map { "\($0.row)/\($0.group.algorithm)" })
        }
        // Row 35's md5 match was confirmed with its group, then the row judged a false positive.
        #expect(try rows(.confirmed) == ["32/md5", "33/md5", "34/md5"])
        #expect(try rows(.falsePositive) == ["35/md5", "35/pdq"])
        #expect(try rows(.escalated) == ["3/pdq"])
        #expect(try rows(.undecided).count == 38 - 6)

        let groups = try queue.groups(limit: 10).items
        let md5 = try #require(groups.first { $0.key.algorithm == "md5" })
        #expect(md5.decisions == DecisionCounts(undecided: 0, confirmed: 3, falsePositive: 1, escalated: 0))
        let logo = try #require(groups.first { $0.key.entry == Self.logo })
        #expect(logo.decisions == DecisionCounts(undecided: 29, escalated: 1))
        #expect(try queue.groups(filter: ReviewFilter(decision: .escalated)).items.map(\.key.entry) == [Self.logo])
        #expect(try queue.groups(filter: ReviewFilter(decision: .undecided)).items.allSatisfy { $0.key.algorithm != "md5" })

        // A queue opened afresh rebuilds the same counts from the log.
        try fixture.store.database.execute("DELETE FROM meta WHERE key = 'review_index'")
        let rebuilt = try ReviewQueue(stateDirectory: fixture.path).groups(limit: 10).items
        #expect(rebuilt == groups)
    }

    @Test("groups: borderline order, size, distance spread, domains, and filters on their rows")
    func groupsListing() throws {
        let fixture = try Self.makeFixture()
        let queue = try ReviewQueue(stateDirectory: fixture.path)
        let groups = try queue.groups().items
        // Highest PDQ distance first (31 near, 29 logo, 5 far), then the flag list's sha256, the vetted md5 last.
        #expect(groups.map(\.key.entry) == [Self.near, Self.logo, Self.far, Self.flagEntry, Self.md5Entry])
        let logo = groups[1]
        #expect(logo.rows == 30 && logo.minDistance == 0 && logo.maxDistance == 29 && logo.domainCount == 2)
        #expect(logo.topDomains == [DomainCount(domain: "logo.example", rows: 25), DomainCount(domain: "cdn.example", rows: 5)])
        #expect(logo.label == "a.csv-label" && logo.category == "logos")
        let md5 = groups[4]
        #expect(md5.rows == 4 && md5.minDistance == nil && md5.domainCount == 2)
        #expect(try queue.groups(order: .groupSize).items.map(\.rows) == [30, 4, 2, 1, 1])
        #expect(try queue.groups(order: .row).items.map(\.key.entry) == [Self.logo, Self.near, Self.far, Self.md5Entry, Self.flagEntry])

        let entries = { (filter: ReviewFilter) in try Set(queue.groups(filter: filter).items.map(\.key.entry)) }
        #expect(try entries(ReviewFilter(domain: "photos.example")) == [Self.near, Self.far, Self.md5Entry])
        #expect(try entries(ReviewFilter(stage: .bytes)) == [Self.md5Entry, Self.flagEntry])
        #expect(try entries(ReviewFilter(pdqDistance: 30...40)) == [Self.near])
        // The logo group spans 0…29, and has rows in 10…12, but none of them on photos.example.
        #expect(try entries(ReviewFilter(pdqDistance: 10...12)) == [Self.logo])
        #expect(try entries(ReviewFilter(pdqDistance: 10...12, domain: "photos.example")).isEmpty)
        #expect(try entries(ReviewFilter(pdqDistance: 6...19)) == [Self.logo])
        #expect(try entries(ReviewFilter(list: "a.csv", category: "logos")) == [Self.logo])
        #expect(try entries(ReviewFilter(algorithm: "md5", domain: "logo.example")).isEmpty)

        var seen: [ReviewGroup] = []
        var cursor: ReviewCursor?
        repeat {
            let page = try queue.groups(after: cursor, limit: 2)
            seen += page.items
            cursor = page.next
        } while cursor != nil
        #expect(seen == groups)
    }

    @Test("the flood signal: ten times the median group and at least 20 rows, or the list policy's flood_limit")
    func floodRule() throws {
        let fixture = try Self.makeFixture()
        // Group sizes 30, 4, 2, 1, 1: median 2, so 30 is a flood and 4 is not.
        let flooded = try ReviewQueue(stateDirectory: fixture.path).groups().items.filter(\.isFlood).map(\.key.entry)
        #expect(flooded == [Self.logo])

        let policy = ListPolicy(rules: ["a.csv": .init(floodLimit: 30), "b.csv": .init(floodLimit: 3)], sha256: nil)
        let withPolicy = try ReviewQueue(stateDirectory: fixture.path, listPolicy: policy)
        #expect(try withPolicy.groups().items.filter(\.isFlood).map(\.key.entry) == [Self.md5Entry])
        #expect(withPolicy.isFlood(list: "a.csv", rows: 31, medianRows: 1))
        #expect(!withPolicy.isFlood(list: "c.csv", rows: 19, medianRows: 1))
        #expect(withPolicy.isFlood(list: "c.csv", rows: 20, medianRows: 2))
        #expect(!withPolicy.isFlood(list: "c.csv", rows: 20, medianRows: 3))
    }

    @Test("keyset paging: no row twice or missed while decisions are added between pages")
    func pagingUnderDecisions() throws {
        let fixture = try Self.makeFixture()
        let queue = try ReviewQueue(stateDirectory: fixture.path)
        let log = DecisionLog(state: fixture.store)
        let everything = try Self.allRows(queue).map { "\($0.row)/\($0.group.entry)" }
        for order in ReviewOrder.allCases {
            var seen: [String] = []
            var cursor: ReviewCursor?
            var page = 0
            repeat {
                let result = try queue.rows(order: order, after: cursor, limit: 5)
                seen += result.items.map { "\($0.row)/\($0.group.entry)" }
                cursor = result.next
                // Decide on a row just shown, a whole group and a row still to come.
                page += 1
                if page == 2, let shown = result.items.first {
                    try log.append(reviewer: "ana", kind: .confirmed, target: .row(shown.row))
                    try log.append(reviewer: "ana", kind: .falsePositive, target: .entry(list: "a.csv", algorithm: "pdq", entry: Self.logo))
                    try log.append(reviewer: "ana", kind: .escalate, target: .row(33))
                }
            } while cursor != nil
            #expect(Set(seen).count == seen.count, "\(order)")
            #expect(Set(seen) == Set(everything), "\(order)")
        }
        // Escalated rows of the logo group (rows 29 down to 0 in this order), paged while, after each
        // page, a row further on is confirmed: it leaves the filter, and nothing else is skipped.
        try log.append(reviewer: "ben", kind: .escalate, target: .entry(list: "a.csv", algorithm: "pdq", entry: Self.logo))
        let filter = ReviewFilter(list: "a.csv", decision: .escalated)
        var seen: [Int] = []
        var decidedAhead: Set<Int> = []
        var cursor: ReviewCursor?
        repeat {
            let result = try queue.rows(filter: filter, after: cursor, limit: 3)
            seen += result.items.map(\.row)
            if let last = result.items.last?.row, last >= 5 {
                try log.append(reviewer: "ben", kind: .confirmed, target: .row(last - 2))
                decidedAhead.insert(last - 2)
            }
            cursor = result.next
        } while cursor != nil
        #expect(Set(seen).count == seen.count)
        #expect(Set(seen).isDisjoint(with: decidedAhead))
        #expect(Set(seen).union(decidedAhead) == Set(0..<30))
        #expect(seen == seen.sorted(by: >))
    }

    @Test("a cursor pages only the order it came from, and survives its token")
    func cursors() throws {
        let fixture = try Self.makeFixture()
        let queue = try ReviewQueue(stateDirectory: fixture.path)
        let page = try queue.rows(limit: 3)
        let cursor = try #require(page.next)
        #expect(ReviewCursor(token: cursor.token) == cursor)
        #expect(ReviewCursor(token: "nonsense~1") == nil)
        #expect(ReviewCursor(token: "row~x") == nil)
        #expect(throws: ReviewError.self) { try queue.rows(order: .row, after: cursor) }
        let next = try queue.rows(after: ReviewCursor(token: cursor.token), limit: 3)
        #expect(next.items.first?.row != page.items.last?.row)
        #expect(try queue.rows(limit: 6).items.map(\.row) == (page.items + next.items).map(\.row))
    }

    @Test("one row in full: every match with its decision, both PDQ hashes bit by bit, its decisions")
    func rowDetail() throws {
        let fixture = try Self.makeFixture()
        let queue = try ReviewQueue(stateDirectory: fixture.path)
        let log = DecisionLog(state: fixture.store)
        try log.append(reviewer: "ana", kind: .confirmed, target: .entry(list: "b.csv", algorithm: "md5", entry: Self.md5Entry))
        try log.append(reviewer: "ben", kind: .escalate, target: .row(35), note: "looks like a stock photo")
        try log.append(reviewer: "cy", kind: .confirmed, target: .row(30))

        let detail = try #require(try queue.row(35))
        #expect(detail.result.row == 35 && detail.domain == "photos.example")
        #expect(detail.decisions.map(\.reviewer) == ["ana", "ben"])
        #expect(detail.matches.map(\.decision) == [.escalated, .escalated])
        let pdq = try #require(detail.matches.first { $0.match.algorithm == .pdq }?.pdq)
        #expect(pdq.distance == 20 && pdq.differingBits == Array(0..<20))
        #expect(pdq.entryBits.count == 256 && pdq.observedBits.count == 256)
        #expect(pdq.entry.hex == Self.near)
        #expect(detail.matches.first { $0.match.algorithm == .md5 }?.pdq == nil)
        #expect(detail.caption == nil)
        #expect(try queue.row(36) == nil)
        #expect(try queue.row(999) == nil)
    }

    @Test("the tables follow rows written after they were built")
    func rebuildAfterNewRows() throws {
        let fixture = try Self.makeFixture()
        let queue = try ReviewQueue(stateDirectory: fixture.path)
        #expect(try queue.rows(filter: ReviewFilter(domain: "late.example")).items.isEmpty)
        try fixture.add(row: 40, domain: "late.example", hits: [Hit(list: "a.csv", algorithm: .pdq, entry: Self.far, distance: 30)])
        try fixture.finish()
        #expect(try queue.rows(filter: ReviewFilter(domain: "late.example")).items.map(\.row) == [40])
        #expect(try queue.groups().items.first { $0.key.entry == Self.far }?.rows == 2)
    }

    @Test("a row's domain is the host of its normalised URL")
    func domains() {
        #expect(ReviewIndex.domain(ofURL: "https://user:pw@Img.Example.org:8443/a/b.jpg?x=1") == "img.example.org")
        #expect(ReviewIndex.domain(ofURL: "http://[2001:db8::1]:80/x") == "2001:db8::1")
        #expect(ReviewIndex.domain(ofURL: "http://192.0.2.7/x#y") == "192.0.2.7")
        #expect(ReviewIndex.domain(ofURL: "https://example.com") == "example.com")
    }

    @Test("captions come from the bound manifest, on request, and only while it still holds the row's URL")
    func captions() throws {
        let fixture = try Self.makeFixture()
        var csv = "url,caption\n"
        for row in 0..<40 { csv += "https://\(Self.domainOf(row))/images/\(row).jpg,\"caption, of row \(row)\"\n" }
        let manifest = try fixture.directory.write("manifest.csv", csv)
        try fixture.store.bind(toManifest: ManifestBinding(path: manifest, identity: "test", urlColumn: "url"))
        let queue = try ReviewQueue(stateDirectory: fixture.path)
        #expect(try queue.rows(limit: 1).items.first?.captionAvailable == true)
        #expect(try queue.row(31, caption: true)?.caption == .text("caption, of row 31"))
        #expect(try queue.caption(ofRow: 2) == .text("caption, of row 2"))

        try fixture.directory.write("manifest.csv", csv.replacingOccurrences(of: "/images/31.jpg", with: "/other.jpg"))
        guard case .unavailable(let reason) = try queue.row(31, caption: true)?.caption else {
            Issue.record("a changed row's caption was shown")
            return
        }
        #expect(reason.contains("row 31"))
        try FileManager.default.removeItem(atPath: manifest)
        guard case .unavailable = try queue.caption(ofRow: 2) else {
            Issue.record("a missing manifest gave a caption")
            return
        }
    }

    static func domainOf(_ row: Int) -> String {
        switch row {
        case 0..<25: "logo.example"
        case 25..<30: "cdn.example"
        case 30, 31, 35: "photos.example"
        case 32...34: "files.example"
        default: "kept.example"
        }
    }

    @Test("a version 6 state is migrated to version 7 and gets its queue")
    func migratesVersion6() throws {
        let fixture = try Self.makeFixture()
        try fixture.store.database.execute("""
            DROP TABLE IF EXISTS review_matches; DROP TABLE IF EXISTS review_groups;
            DROP TABLE IF EXISTS review_group_facets; DROP TABLE IF EXISTS review_facet_counts;
            DROP INDEX decisions_by_row; DROP INDEX decisions_by_entry; PRAGMA user_version = 6;
            """)
        let queue = try ReviewQueue(stateDirectory: fixture.path)
        let version = try SQLiteDatabase(path: fixture.directory.file("state.sqlite")).prepare("PRAGMA user_version")
        _ = try version.step()
        #expect(version.int(0) == 7)
        #expect(try Self.allRows(queue).count == 38)
    }
}
