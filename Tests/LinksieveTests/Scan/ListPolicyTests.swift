import Foundation
import Testing
@testable import Linksieve

/// Per-list policy: thresholds, minimum quality, category, roles (block, flag, negative), and how the
/// policy file is checked.
@Suite("List policy")
struct ListPolicyTests {
    static let pdq = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
    static let md5 = "0123456789abcdef0123456789abcdef"

    /// `pdq` with its first `digits` hex digits inverted: 4 bits each.
    static func flipped(_ hex: String, digits: Int) -> String {
        String(hex.enumerated().map { index, character in
            guard index < digits else { return character }
            let value = Int(String(character), radix: 16)! ^ 0xF
            return Character(String(value, radix: 16))
        })
    }

    static func list(_ name: String, _ entries: [(HashAlgorithm, String)], category: String? = "listed") -> HashList {
        HashList(
            name: name, path: "/lists/" + name, sha256: String(repeating: "0", count: 64),
            entries: entries.map { HashListEntry(algorithm: $0.0, value: $0.1, label: name + "-label", category: category) })
    }

    static func content(pdq: String?, quality: Int?, md5: String = String(repeating: "e", count: 32)) -> RowResult.Content {
        RowResult.Content(
            digests: ContentDigests(md5: md5, sha1: String(repeating: "e", count: 40), sha256: String(repeating: "e", count: 64)),
            imageOutcome: "hashed", pdq: pdq, pdqQuality: quality)
    }

    @Test("a PDQ at distance 40 matches a list with threshold 48 and not one with 31")
    func perListThreshold() throws {
        let observed = Self.flipped(Self.pdq, digits: 10)
        #expect(PDQHash(hex: observed)!.distance(to: PDQHash(hex: Self.pdq)!) == 40)
        let lists = [Self.list("wide.csv", [(.pdq, Self.pdq)]), Self.list("strict.csv", [(.pdq, Self.pdq)])]
        let policy = ListPolicy(rules: ["wide.csv": .init(pdqThreshold: 48), "strict.csv": .init(pdqThreshold: 31)], sha256: "x")
        let matcher = MatchPolicy(lists: lists, pdqThreshold: 31, pdqMinQuality: 50, policy: policy)
        let matches = matcher.matches(content: Self.content(pdq: observed, quality: 90))
        #expect(matches.map(\.list) == ["wide.csv"])
        #expect(matches.first?.distance == 40)
        #expect(matcher.quarantines(matches))
        // Without the policy neither list reaches 40 bits.
        let plain = MatchPolicy(lists: lists, pdqThreshold: 31, pdqMinQuality: 50)
        #expect(plain.matches(content: Self.content(pdq: observed, quality: 90)).isEmpty)
    }

    @Test("min_quality holds a list's PDQ entries back from images it does not trust; category overrides")
    func minQualityAndCategory() throws {
        let lists = [Self.list("picky.csv", [(.pdq, Self.pdq)]), Self.list("lenient.csv", [(.pdq, Self.pdq)])]
        let policy = ListPolicy(
            rules: ["picky.csv": .init(minQuality: 80), "lenient.csv": .init(minQuality: 20, category: "reviewed")], sha256: "x")
        let matcher = MatchPolicy(lists: lists, pdqThreshold: 31, pdqMinQuality: 50, policy: policy)
        let low = matcher.matches(content: Self.content(pdq: Self.pdq, quality: 30))
        #expect(low.map(\.list) == ["lenient.csv"])
        #expect(low.first?.category == "reviewed")
        let high = matcher.matches(content: Self.content(pdq: Self.pdq, quality: 90))
        #expect(Set(high.map(\.list)) == ["picky.csv", "lenient.csv"])
        #expect(high.first { $0.list == "picky.csv" }?.category == "listed")
    }

    @Test("a flag list records its match without quarantining; a block list quarantines")
    func flagRole() throws {
        let lists = [Self.list("watch.csv", [(.md5, Self.md5)])]
        let flagging = MatchPolicy(
            lists: lists, pdqThreshold: 31, pdqMinQuality: 50,
            policy: ListPolicy(rules: ["watch.csv": .init(role: .flag)], sha256: "x"))
        let matches = flagging.matches(content: Self.content(pdq: nil, quality: nil, md5: Self.md5))
        #expect(matches.map(\.role) == [.flag])
        #expect(!flagging.quarantines(matches))
        let blocking = MatchPolicy(lists: lists, pdqThreshold: 31, pdqMinQuality: 50)
        #expect(blocking.quarantines(blocking.matches(content: Self.content(pdq: nil, quality: nil, md5: Self.md5))))
    }

    @Test("a negative list suppresses every other list's match of the row and is named in the record")
    func negativeSuppression() throws {
        let lists = [
            Self.list("partner.csv", [(.pdq, Self.pdq), (.md5, Self.md5)]),
            Self.list("allow.csv", [(.md5, Self.md5)], category: nil),
        ]
        let policy = ListPolicy(rules: ["allow.csv": .init(role: .negative)], sha256: "x")
        let matcher = MatchPolicy(lists: lists, pdqThreshold: 31, pdqMinQuality: 50, policy: policy)
        let matches = matcher.matches(content: Self.content(pdq: Self.flipped(Self.pdq, digits: 2), quality: 90, md5: Self.md5))
        #expect(!matcher.quarantines(matches))
        let partner = matches.filter { $0.list == "partner.csv" }
        #expect(partner.count == 2)
        #expect(partner.allSatisfy { $0.suppressedBy == "allow.csv:\(Self.md5)" && $0.role == .block })
        #expect(matches.filter { $0.role == .negative }.map(\.list) == ["allow.csv"])
        // The flagged record names the negative entry.
        let record = QuarantineRecord.json(RowResult(row: 3, verdict: .kept, url: "http://x.example/a.jpg", matches: matches))
        let text = record.serialized()
        #expect(text.contains("\"suppressed_by\":\"allow.csv:\(Self.md5)\""))
        // A row the negative list does not match is still quarantined.
        let other = matcher.matches(content: Self.content(pdq: Self.pdq, quality: 90))
        #expect(matcher.quarantines(other))
    }

    @Test("an entry matching more rows than its list's flood_limit is reported in the summary by digest, not value")
    func floodLimit() throws {
        let lists = [Self.list("partner.csv", [(.md5, Self.md5)]), Self.list("other.csv", [(.md5, Self.md5)])]
        let policy = ListPolicy(rules: ["partner.csv": .init(floodLimit: 2)], sha256: "p")
        let matcher = MatchPolicy(lists: lists, pdqThreshold: 31, pdqMinQuality: 50, policy: policy)
        var counts = OutputCounts()
        for row in 0..<3 {
            let matches = matcher.matches(content: Self.content(pdq: nil, quality: nil, md5: Self.md5))
            counts.add(RowResult(row: row, verdict: .quarantined, matches: matches), minQuality: 50)
        }
        var report = ScanReport(
            counts: counts, lists: lists, options: ScanOptions(manifestPath: "m.csv", listPaths: [], outputDirectory: "out"),
            durations: .init(lists: 0, scan: 0, outputs: 0, total: 0), resumedRows: 0, fetchedThisRun: 0)
        report.listPolicy = policy
        let summary = report.summaryJSON().serialized()
        let flooded = "\"flooded_entries\":[{\"list\":\"partner.csv\",\"entry_sha256\":\"\(SHA256Hex.of(Array(Self.md5.utf8)))\",\"rows\":3,\"flood_limit\":2}]"
        #expect(summary.contains(flooded), "\(summary)")
        #expect(!summary.contains(Self.md5))
        // Two rows are within the limit.
        var fewer = OutputCounts()
        for row in 0..<2 {
            fewer.add(RowResult(row: row, verdict: .quarantined, matches: matcher.matches(
                content: Self.content(pdq: nil, quality: nil, md5: Self.md5))), minQuality: 50)
        }
        var quiet = ScanReport(
            counts: fewer, lists: lists, options: ScanOptions(manifestPath: "m.csv", listPaths: [], outputDirectory: "out"),
            durations: .init(lists: 0, scan: 0, outputs: 0, total: 0), resumedRows: 0, fetchedThisRun: 0)
        quiet.listPolicy = policy
        #expect(quiet.summaryJSON().serialized().contains("\"flooded_entries\":[]"))
    }

    @Test("policy files: settings checked, unknown lists refused, SHA-256 recorded")
    func policyFile() throws {
        let dir = try TemporaryDirectory()
        let good = try dir.write("policy.json", """
            {"lists": {"a.csv": {"pdq_threshold": 48, "min_quality": 70, "category": "c", "role": "flag", "flood_limit": 3},
                       "b.csv": {"role": "negative"}}}
            """)
        let policy = try ListPolicy.load(path: good)
        #expect(policy.rule(for: "a.csv") == .init(pdqThreshold: 48, minQuality: 70, category: "c", role: .flag, floodLimit: 3))
        #expect(policy.rule(for: "b.csv").role == .negative)
        #expect(policy.rule(for: "other.csv") == .init())
        #expect(policy.sha256 == SHA256Hex.of(Array(try String(contentsOfFile: good, encoding: .utf8).utf8)))
        let lists = [Self.list("a.csv", [(.md5, Self.md5)])]
        let unknown = #expect(throws: ListPolicyError.self) { try policy.check(against: lists, path: good) }
        #expect(unknown?.description.contains("\"b.csv\", which is not loaded") == true)
        for (text, message) in [
            ("{\"lists\": {\"a.csv\": {\"pdq_threshold\": 300}}}", "lists.a.csv.pdq_threshold must be a whole number 0…256"),
            ("{\"lists\": {\"a.csv\": {\"pdq_threshold\": true}}}", "lists.a.csv.pdq_threshold must be a whole number 0…256"),
            ("{\"lists\": {\"a.csv\": {\"role\": \"ignore\"}}}", "lists.a.csv.role must be one of block, flag, negative"),
            ("{\"lists\": {\"a.csv\": {\"threshold\": 3}}}", "lists.a.csv: unknown setting \"threshold\""),
            ("{\"a.csv\": {}}", "a policy is a JSON object with a \"lists\" object"),
        ] {
            let path = try dir.write("bad.json", text)
            let error = #expect(throws: ListPolicyError.self) { try ListPolicy.load(path: path) }
            #expect(error?.description.hasPrefix("\(path): \(message)") == true, "\(error?.description ?? "")")
        }
    }
}
