import Foundation
import Testing
@testable import Linksieve
@testable import LoopbackServers

/// The review commands of the built binary, end to end on a scanned demo dataset.
@Suite("Review commands")
struct ReviewCommandsTests {
    @Test("decide, audit verify and export, apply, decisions export; a tampered record fails verify by number")
    func reviewCommands() throws {
        let scanned = try DecisionLogTests.Scanned()
        let dir = scanned.directory
        let record = try #require(scanned.records.first)
        let row = try #require(record["row"] as? Int)

        let decided = try BuiltBinary.run([
            "decide", "--state", dir, "--reviewer", "ana", "--decision", "false-positive", "--row", String(row),
            "--note", "a logo",
        ])
        #expect(decided.status == 0, "\(decided.stderr)")
        #expect(decided.stdout.contains("decision 1 recorded"))
        let second = try BuiltBinary.run([
            "decide", "--state", dir, "--reviewer", "ben", "--decision", "confirmed",
            "--list", try #require(record["list"] as? String), "--algorithm", try #require(record["algorithm"] as? String),
            "--entry", try #require(record["entry"] as? String),
        ])
        #expect(second.status == 0, "\(second.stderr)")
        let refused = try BuiltBinary.run(["decide", "--state", dir, "--reviewer", "ana", "--decision", "confirmed"])
        #expect(refused.status != 0)

        let verified = try BuiltBinary.run(["audit", "verify", "--state", dir])
        #expect(verified.status == 0 && verified.stdout.contains("intact: 2 records"), "\(verified.stderr)")
        let exported = try BuiltBinary.run(["audit", "export", "--state", dir])
        let lines = exported.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["reviewer"] as? String == "ana" && first["note"] as? String == "a logo")
        #expect(first["previous_hash"] as? String == Decision.genesisHash)

        // The later entry decision (confirmed) is the latest word on the row: nothing returns.
        let applied = try BuiltBinary.run(["apply", "--state", dir, "--out", dir + "-applied"])
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.contains("0 rows returned"))
        let fp = try BuiltBinary.run([
            "decisions", "export", "--state", dir, "--confirmed-csv", dir + "/confirmed.csv",
            "--confirmed-json", dir + "/confirmed.json", "--false-positives", dir + "/negative.csv",
        ])
        #expect(fp.status == 0, "\(fp.stderr)")
        #expect(fp.stdout.contains("0 false-positive values"))
        let json = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: dir + "/confirmed.json"))) as? [String: Any])
        #expect((json["confirmed"] as? [[String: Any]])?.first?["reviewer"] as? String == "ben")

        let database = try SQLiteDatabase(path: dir + "/state.sqlite")
        try database.execute("DROP TRIGGER decisions_no_update; UPDATE decisions SET reviewer = 'mallory' WHERE seq = 1")
        let tampered = try BuiltBinary.run(["audit", "verify", "--state", dir])
        #expect(tampered.status == 1)
        #expect(tampered.stderr.contains("broken at record 1"), "\(tampered.stderr)")

        let report = try BuiltBinary.run(["report", dir])
        #expect(report.status == 0 && report.stdout.contains("report.html"))
    }
}
