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
