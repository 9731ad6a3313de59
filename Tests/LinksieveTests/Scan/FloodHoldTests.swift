import Foundation
import Testing
@testable import Linksieve

/// A list policy's `flood_limit`: an entry that matches more rows than the limit is most likely
/// mislisted, so its rows are held for review (quarantined, whatever the list's role) and the entry is
/// named in the summary, report.html and the quarantine records.
@Suite("Flood limit")
struct FloodHoldTests {
    @Test("an entry over its flag list's flood_limit holds its rows for review; one within the limit only flags")
    func floodedEntryHoldsRows() throws {
        let fixture = try RescanTests.Fixture()
        let dataset = fixture.dataset
        let clean = fixture.rows(where: .clean)
        let flooding = clean[0]
        let single = clean[1]
        // The manifest repeats the flooding row's URL three times more: its body's digest matches four rows.
        let manifest = dataset.manifestCSV(baseURL: fixture.server.baseURL)
        let line = manifest.split(separator: "\n")[flooding + 1]
        let path = try fixture.dir.write("flood.csv", manifest + String(repeating: line + "\n", count: 3))
        let copies = Array(dataset.rows.count..<dataset.rows.count + 3)
        let floodDigest = Digests.compute(try #require(dataset.rows[flooding].body)).sha256
        let singleDigest = Digests.compute(try #require(dataset.rows[single].body)).sha256
        let watch = try fixture.dir.write("watch.csv", "algorithm,value,label\nsha256,\(floodDigest),logo\nsha256,\(singleDigest),one\n")
        let policy = try fixture.dir.write("policy.json", "{\"lists\": {\"watch.csv\": {\"role\": \"flag\", \"flood_limit\": 3}}}")

        var options = fixture.scanOptions
        options.manifestPath = path
        options.listPaths = [fixture.dir.file("lists"), watch]
        options.listPolicyPath = policy
        options.outputDirectory = fixture.dir.file("flood")
        let report = try Scan(options: options).run()

        let planted = dataset.rows.filter { $0.plant.expectedVerdict == .quarantined }.count
        #expect(report.quarantined == planted + 4)
        let held = try jsonLines(fixture.dir.file("flood/quarantine.jsonl")).filter { $0["list"] as? String == "watch.csv" }
        #expect(held.compactMap { $0["row"] as? Int } == [flooding] + copies)
        for record in held {
            #expect((record["held_for_review"] as? String)?.contains("flood_limit") == true)
            #expect(record["role"] as? String == "flag")
            let matches = try #require(record["matches"] as? [[String: Any]])
            #expect(matches.allSatisfy { $0["held_for_review"] as? Bool == true })
        }
        // The entry within the limit keeps its row, flagged only.
        let flagged = try jsonLines(fixture.dir.file("flood/flagged.jsonl"))
        #expect(flagged.compactMap { $0["row"] as? Int } == [single])
        #expect(flagged.first?["held_for_review"] == nil)
        // The summary names the entry by digest; report.html marks its group; the state holds the verdicts.
        let summary = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: fixture.dir.file("flood/summary.json")))) as? [String: Any])
        let flooded = try #require(summary["flooded_entries"] as? [[String: Any]])
        #expect(flooded.count == 1)
        #expect(flooded.first?["entry_sha256"] as? String == SHA256Hex.of(Array(floodDigest.utf8)))
        #expect(flooded.first?["rows"] as? Int == 4)
        let page = try String(contentsOfFile: fixture.dir.file("flood/report.html"), encoding: .utf8)
        #expect(page.contains("held for review"))
        #expect(!page.contains(floodDigest))
        let state = try StateStore(path: fixture.dir.file("flood/state.sqlite"))
        var verdicts: [Int: RowResult.Verdict] = [:]
        try state.forEachResult { verdicts[$0.row] = $0.verdict }
        #expect(([flooding, single] + copies).map { verdicts[$0] } == [.quarantined, .kept, .quarantined, .quarantined, .quarantined])

        // A rescan with the same policy keeps holding them, and reports no change for them.
        var rescan = RescanOptions(
            stateDirectory: fixture.dir.file("flood"), listPaths: options.listPaths, outputDirectory: fixture.dir.file("flood-rescan"))
        rescan.listPolicyPath = policy
        rescan.fetch = options.fetch
        let again = try Rescan(options: rescan).run()
        #expect(again.scan.quarantined == planted + 4)
        #expect(try fixture.changes("flood-rescan").isEmpty)
        // Raised above four rows, the limit no longer holds them.
        let raised = try fixture.dir.write("raised.json", "{\"lists\": {\"watch.csv\": {\"role\": \"flag\", \"flood_limit\": 4}}}")
        rescan.listPolicyPath = raised
        rescan.outputDirectory = fixture.dir.file("flood-raised")
        let released = try Rescan(options: rescan).run()
        #expect(released.scan.quarantined == planted)
        #expect(try fixture.changes("flood-raised").map(\.row) == [flooding] + copies)
    }
}
