import Foundation
import Testing
@testable import Linksieve
@testable import LoopbackServers

/// The decisions audit log: a hash chain that shows edits, and decisions that change outputs.
@Suite("Decisions audit log")
struct DecisionLogTests {
    /// A scanned demo dataset and its quarantine records.
    final class Scanned {
        let fixture: ScanEndToEndTests.Fixture
        let records: [[String: Any]]
        var directory: String { fixture.options.outputDirectory }
        var state: StateStore { get throws { try StateStore(path: directory + "/state.sqlite") } }

        init() throws {
            fixture = try ScanEndToEndTests.Fixture(count: 80)
            _ = try Scan(options: fixture.options).run()
            records = try fixture.quarantineRecords()
        }

        func rows(stage: String) -> [Int] {
            records.filter { $0["stage"] as? String == stage }.compactMap { $0["row"] as? Int }
        }
    }

    @Test("an intact chain verifies; an edited record is named, and so is a deleted one")
    func chainDetectsTampering() throws {
        let scanned = try Scanned()
        let state = try scanned.state
        let log = DecisionLog(state: state)
        let row = try #require(scanned.records.first?["row"] as? Int)
        for (reviewer, kind) in [("ana", DecisionKind.escalate), ("ben", .confirmed), ("cy", .falsePositive)] {
            try log.append(reviewer: reviewer, kind: kind, target: .row(row), note: "n")
        }
        let intact = try log.verify()
        #expect(intact.isIntact && intact.records == 3)
        #expect(try log.all().map(\.previousHash) == [Decision.genesisHash] + log.all().dropLast().map(\.hash))

        // The triggers refuse edits through SQL…
        #expect(throws: StateError.self) { try state.database.execute("UPDATE decisions SET reviewer = 'x' WHERE seq = 2") }
        // …and whoever drops them is still found out by the chain.
        try state.database.execute("DROP TRIGGER decisions_no_update; UPDATE decisions SET decision = 'false-positive' WHERE seq = 2")
        let edited = try log.verify()
        #expect(edited.firstBroken?.seq == 2)
        #expect(edited.firstBroken?.reason.contains("hash") == true)

        let other = try Scanned()
        let otherLog = DecisionLog(state: try other.state)
        for reviewer in ["ana", "ben", "cy"] { try otherLog.append(reviewer: reviewer, kind: .confirmed, target: .row(row)) }
        try other.state.database.execute("DROP TRIGGER decisions_no_delete; DELETE FROM decisions WHERE seq = 2")
        #expect(try otherLog.verify().firstBroken?.seq == 2)
    }

    @Test("a decision must name a quarantined row or a matched entry, and a reviewer")
    func targetsChecked() throws {
        let scanned = try Scanned()
        let log = DecisionLog(state: try scanned.state)
        let quarantined = Set(scanned.records.compactMap { $0["row"] as? Int })
        let kept = try #require((0..<80).first { !quarantined.contains($0) })
        #expect(throws: DecisionError.self) { try log.append(reviewer: "ana", kind: .confirmed, target: .row(kept)) }
        #expect(throws: DecisionError.self) {
            try log.append(reviewer: "ana", kind: .confirmed, target: .entry(list: "content.csv", algorithm: "md5", entry: "0"))
        }
        #expect(throws: DecisionError.self) { try log.append(reviewer: " ", kind: .confirmed, target: .row(quarantined.min()!)) }
        #expect(try log.all().isEmpty)
    }

    @Test("apply returns false positives to the cleansed manifest; the two-person rule needs a second reviewer")
    func applyReturnsFalsePositives() throws {
        let scanned = try Scanned()
        let log = DecisionLog(state: try scanned.state)
        let row = try #require(scanned.rows(stage: "bytes").first)
        let confirmedRow = try #require(scanned.rows(stage: "bytes").dropFirst().first)
        try log.append(reviewer: "ana", kind: .falsePositive, target: .row(row))
        try log.append(reviewer: "ana", kind: .confirmed, target: .row(confirmedRow))
        let manifestLines = try String(contentsOfFile: scanned.fixture.manifest, encoding: .utf8).split(separator: "\n")

        var twoPerson = ApplyDecisions(stateDirectory: scanned.directory, outputDirectory: scanned.directory + "-two")
        twoPerson.twoPersonRule = true
        #expect(try twoPerson.run().returnedRows == 0)

        try log.append(reviewer: "ben", kind: .falsePositive, target: .row(row))
        twoPerson.outputDirectory = scanned.directory + "-two-again"
        #expect(try twoPerson.run().returnedRows == 1)

        let (report, returned) = try ApplyDecisions(stateDirectory: scanned.directory, outputDirectory: scanned.directory + "-one").run()
        #expect(returned == 1)
        #expect(report.quarantined == scanned.records.count - 1)
        let cleansed = try String(contentsOfFile: scanned.directory + "-one/cleansed.csv", encoding: .utf8)
        // Row N is line N + 2 of the manifest (header first).
        #expect(cleansed.contains(manifestLines[row + 1]))
        #expect(!cleansed.contains(manifestLines[confirmedRow + 1]))
        let before = try String(contentsOfFile: scanned.directory + "/cleansed.csv", encoding: .utf8)
        #expect(!before.contains(manifestLines[row + 1]))
        // The applied state carries the decisions forward, chain intact.
        let applied = DecisionLog(state: try StateStore(path: scanned.directory + "-one/state.sqlite"))
        #expect(try applied.verify().records == 3)
        // Its summary repeats the scan's settings (this scan allowed loopback) and lists, and says what apply did.
        let summary = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: scanned.directory + "-one/summary.json"))) as? [String: Any])
        let settings = try #require(summary["settings"] as? [String: Any])
        #expect(settings["allow_private_addresses"] as? Bool == true && settings["two_person_rule"] as? Bool == false)
        #expect((summary["lists"] as? [[String: Any]])?.count == 2)
        #expect((summary["changes"] as? [String: Int])?["returned-by-review"] == 1)
        let page = try String(contentsOfFile: scanned.directory + "-one/report.html", encoding: .utf8)
        #expect(page.contains("Review decisions applied finished"))
    }

    @Test("an entry decision covers every row that entry matched; exports name the values and reviewers")
    func entryDecisionsAndExports() throws {
        let scanned = try Scanned()
        let state = try scanned.state
        let log = DecisionLog(state: state)
        let pdq = try #require(scanned.records.first { $0["algorithm"] as? String == "pdq" })
        let entry = try #require(pdq["entry"] as? String)
        let list = try #require(pdq["list"] as? String)
        let coveredRows = scanned.records.filter {
            ($0["matches"] as? [[String: Any]] ?? []).allSatisfy { $0["entry"] as? String == entry }
        }.compactMap { $0["row"] as? Int }
        try log.append(reviewer: "ana", kind: .falsePositive, target: .entry(list: list, algorithm: "pdq", entry: entry))
        #expect(try log.rowsReturned(twoPersonRule: false) == Set(coveredRows))

        let md5Row = try #require(scanned.records.first { $0["algorithm"] as? String == "md5" })
        try log.append(reviewer: "ben", kind: .confirmed, target: .row(try #require(md5Row["row"] as? Int)), note: "hotline")
        let export = DecisionExport(state: state)
        let listPath = scanned.directory + "/negative.csv"
        #expect(try export.writeFalsePositiveList(to: listPath, twoPersonRule: false) >= 1)
        let negative = try String(contentsOfFile: listPath, encoding: .utf8)
        #expect(negative.contains("pdq,\(pdq["observed"] as? String ?? "?"),false-positive"))
        #expect(negative.contains(entry))
        let loaded = try HashListLoader.load(paths: [listPath], defaultAlgorithm: nil)
        #expect(loaded.first?.counts[.pdq] ?? 0 >= 1)

        let confirmed = try export.confirmedMatches()
        #expect(confirmed.count == 1)
        #expect(confirmed.first?.reviewer == "ben" && confirmed.first?.url == md5Row["url"] as? String)
        #expect(confirmed.first?.md5 == (md5Row["observed"] as? String))
        let csvPath = scanned.directory + "/confirmed.csv"
        try export.writeConfirmed(csv: csvPath, json: nil)
        let attributes = try FileManager.default.attributesOfItem(atPath: csvPath)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        #expect(try String(contentsOfFile: csvPath, encoding: .utf8).split(separator: "\n").count == 2)
    }
}
