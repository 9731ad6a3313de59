import Foundation
import Testing
@testable import Linksieve

/// The loop from review back to scanning: the list `decisions export --false-positives` writes, given
/// to a later scan as a list with the `negative` role, keeps the rows reviewers returned out of
/// quarantine and says which entry suppressed each match.
@Suite("False-positive list as a negative list")
struct FalsePositiveListTests {
    @Test("rows returned by review are no longer quarantined by a later scan, each suppression recorded")
    func exportedListSuppressesReturnedRows() throws {
        let fixture = try RescanTests.Fixture()
        let exact = fixture.rows(where: .exactDigest)
        let near = fixture.rows(where: .nearDuplicate)
        let returned = [try #require(exact.first), try #require(near.first)].sorted()
        let confirmed = try #require(exact.dropFirst().first)
        let state = try StateStore(path: fixture.dir.file("scan/state.sqlite"))
        let log = DecisionLog(state: state)
        for row in returned { try log.append(reviewer: "ana", kind: .falsePositive, target: .row(row), note: "benign") }
        try log.append(reviewer: "ben", kind: .confirmed, target: .row(confirmed))
        let negative = fixture.dir.file("reviewed-negative.csv")
        #expect(try DecisionExport(state: state).writeFalsePositiveList(to: negative, twoPersonRule: false) >= 2)
        let policy = try fixture.dir.write("policy.json", "{\"lists\": {\"reviewed-negative.csv\": {\"role\": \"negative\"}}}")

        var options = fixture.scanOptions
        options.listPaths = [fixture.dir.file("lists"), negative]
        options.listPolicyPath = policy
        options.outputDirectory = fixture.dir.file("later")
        let later = try Scan(options: options).run()

        let planted = fixture.dataset.rows.filter { $0.plant.expectedVerdict == .quarantined }.count
        #expect(later.quarantined == planted - returned.count)
        let quarantined = try jsonLines(fixture.dir.file("later/quarantine.jsonl")).compactMap { $0["row"] as? Int }
        #expect(quarantined.contains(confirmed))
        #expect(Set(quarantined).isDisjoint(with: returned))
        let flagged = try jsonLines(fixture.dir.file("later/flagged.jsonl"))
        #expect(flagged.compactMap { $0["row"] as? Int } == returned)
        for record in flagged {
            let matches = try #require(record["matches"] as? [[String: Any]])
            let partner = matches.filter { $0["list"] as? String == "content.csv" }
            #expect(!partner.isEmpty)
            #expect(partner.allSatisfy { ($0["suppressed_by"] as? String)?.hasPrefix("reviewed-negative.csv:") == true })
            #expect(matches.contains { $0["list"] as? String == "reviewed-negative.csv" && $0["role"] as? String == "negative" })
        }
        #expect(later.counts.suppressed == returned.count)
    }
}
