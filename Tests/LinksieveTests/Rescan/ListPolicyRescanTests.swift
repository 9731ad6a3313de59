import Foundation
import Testing
@testable import Linksieve

/// A list policy across runs: a rescan with a changed policy reports what the change did in
/// changes.jsonl, flagged rows land in flagged.jsonl, and a resumed scan refuses another policy.
@Suite("List policy across runs")
struct ListPolicyRescanTests {
    @Test("flag then block: rows leave and return through changes.jsonl; flagged.jsonl lists the flagged rows")
    func policyChangeInRescan() throws {
        let fixture = try RescanTests.Fixture()
        let contentRows = fixture.rows(where: .exactDigest) + fixture.rows(where: .nearDuplicate)
        #expect(!contentRows.isEmpty)
        let policyPath = try fixture.dir.write("policy.json", "{\"lists\": {\"content.csv\": {\"role\": \"flag\"}}}")

        let flagged = try fixture.rescan("flagged") { $0.listPolicyPath = policyPath }
        let left = try fixture.changes("flagged")
        #expect(left.map(\.row).sorted() == contentRows.sorted())
        #expect(left.allSatisfy { $0.change == "no-longer-matched" })
        #expect(flagged.scan.quarantined == fixture.rows(where: .listedURL).count)
        let flaggedRecords = try jsonLines(fixture.dir.file("flagged/flagged.jsonl"))
        #expect(flaggedRecords.compactMap { $0["row"] as? Int }.sorted() == contentRows.sorted())
        #expect(flaggedRecords.allSatisfy { ($0["role"] as? String) == "flag" && ($0["list"] as? String) == "content.csv" })
        let attributes = try FileManager.default.attributesOfItem(atPath: fixture.dir.file("flagged/flagged.jsonl"))
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: fixture.dir.file("flagged/summary.json"))))
                as? [String: Any])
        let recorded = try #require(summary["list_policy"] as? [String: Any])
        #expect(recorded["sha256"] as? String == SHA256Hex.of(Array(try String(contentsOfFile: policyPath, encoding: .utf8).utf8)))
        #expect(summary["flagged"] as? Int == contentRows.count)

        // Back to blocking (no policy): the same rows are newly quarantined, from the flagged state.
        var options = RescanOptions(
            stateDirectory: fixture.dir.file("flagged"), listPaths: [fixture.dir.file("lists")],
            outputDirectory: fixture.dir.file("blocked"))
        options.fetch = fixture.scanOptions.fetch
        let blocked = try Rescan(options: options).run()
        let returned = try fixture.changes("blocked")
        #expect(returned.map(\.row).sorted() == contentRows.sorted())
        #expect(returned.allSatisfy { $0.change == "newly-quarantined" })
        #expect(blocked.newMatches == contentRows.count)
        #expect(try jsonLines(fixture.dir.file("blocked/flagged.jsonl")).isEmpty)
    }

    @Test("a negative list keeps rows another list would quarantine, and a resumed scan refuses a changed policy")
    func negativeListAndResume() throws {
        let fixture = try RescanTests.Fixture()
        // The first scan's state was made without a policy: resuming it with one is refused, while the
        // same command as before resumes.
        let thresholdPolicy = try fixture.dir.write("threshold.json", "{\"lists\": {\"content.csv\": {\"pdq_threshold\": 40}}}")
        var resume = fixture.scanOptions
        resume.listPolicyPath = thresholdPolicy
        let refused = #expect(throws: StateError.self) { try Scan(options: resume).run() }
        #expect(refused?.description.contains("other lists or settings") == true)
        #expect(try Scan(options: fixture.scanOptions).run().rowsIn == fixture.dataset.rows.count)

        let exact = fixture.rows(where: .exactDigest)
        let allowed = try #require(exact.first)
        let body = try #require(fixture.dataset.rows[allowed].body)
        let digest = Digests.compute(body).sha256
        try fixture.dir.write("lists/allow.csv", "algorithm,value,label\nsha256,\(digest),benign\n")
        let policyPath = try fixture.dir.write("policy.json", "{\"lists\": {\"allow.csv\": {\"role\": \"negative\"}}}")

        _ = try fixture.rescan("allowed") { $0.listPolicyPath = policyPath }
        #expect(try fixture.changes("allowed").map(\.row) == [allowed])
        let records = try jsonLines(fixture.dir.file("allowed/flagged.jsonl"))
        #expect(records.count == 1)
        let matches = try #require(records.first?["matches"] as? [[String: Any]])
        #expect(matches.contains { ($0["suppressed_by"] as? String) == "allow.csv:\(digest)" && ($0["list"] as? String) == "content.csv" })
        #expect(matches.contains { ($0["role"] as? String) == "negative" })
    }
}
