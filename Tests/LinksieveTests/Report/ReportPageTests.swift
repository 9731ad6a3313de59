import Foundation
import Testing
@testable import Linksieve
@testable import LoopbackServers

/// report.html: written by every scan, rebuilt identically from the state, and publishable.
@Suite("report.html")
struct ReportPageTests {
    @Test("a scan writes a self-contained, publishable report.html without any quarantined URL or list value")
    func scanWritesPublishableReport() throws {
        let fixture = try ScanEndToEndTests.Fixture(count: 120)
        let report = try Scan(options: fixture.options).run()
        #expect(report.quarantined > 0)
        let path = fixture.options.outputDirectory + "/report.html"
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect(attributes[.posixPermissions] as? Int == 0o644)
        let html = try fixture.output("report.html")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg"))
        #expect(html.contains("default-src 'none'"))
        for forbidden in ["<script", "src=", "href=", "@import", "url("] {
            #expect(!html.contains(forbidden), "report.html holds \(forbidden)")
        }
        let records = try fixture.quarantineRecords()
        for record in records {
            let url = try #require(record["url"] as? String)
            #expect(!html.contains(HTMLText.escape(url)) && !html.contains(url), "row \(record["row"] ?? "?")'s URL leaked")
            for match in record["matches"] as? [[String: Any]] ?? [] {
                for key in ["entry", "observed"] {
                    let value = try #require(match[key] as? String)
                    #expect(!html.contains(HTMLText.escape(value)), "\(key) \(value.prefix(8))… leaked")
                }
            }
        }
        #expect(html.contains("<b>\(report.quarantined)</b><span>quarantined</span>"))
        #expect(html.contains("content.csv") && html.contains("urls.csv"))
    }

    @Test("linksieve report rebuilds the same page from the state alone")
    func rebuiltFromState() throws {
        let fixture = try ScanEndToEndTests.Fixture(count: 60)
        _ = try Scan(options: fixture.options).run()
        let original = try fixture.output("report.html")
        let directory = fixture.options.outputDirectory
        try FileManager.default.removeItem(atPath: directory + "/report.html")
        try FileManager.default.removeItem(atPath: directory + "/summary.json")
        try ReportWriter.write(from: try StateStore(path: directory + "/state.sqlite"), to: directory)
        #expect(try fixture.output("report.html") == original)
    }

    @Test("the PDQ histogram counts every near-duplicate the dataset planted")
    func pdqHistogram() throws {
        let fixture = try ScanEndToEndTests.Fixture(count: 120)
        _ = try Scan(options: fixture.options).run()
        let state = try StateStore(path: fixture.options.outputDirectory + "/state.sqlite")
        let aggregates = try state.matchAggregates()
        let planted = fixture.dataset.rows.filter { $0.plant == .nearDuplicate }.count
        #expect(planted > 0)
        #expect(aggregates.pdqDistances.values.reduce(0, +) >= planted)
        #expect(aggregates.pdqDistances.keys.allSatisfy { (0...31).contains($0) })
    }

    @Test("an entry matching far more rows than the others is flagged as a flood, the others are not")
    func floodSignal() throws {
        let dir = try TemporaryDirectory("report-flood")
        let state = try StateStore(path: dir.file("state.sqlite"))
        func match(_ entry: String) -> Match {
            Match(stage: .bytes, algorithm: .md5, list: "l.csv", label: "x", category: nil, entry: entry,
                  observed: entry, distance: nil)
        }
        var row = 0
        for _ in 0..<40 {
            try state.record(RowResult(row: row, verdict: .quarantined, matches: [match(String(repeating: "a", count: 32))]))
            row += 1
        }
        for value in ["b", "c", "d", "e"] {
            try state.record(RowResult(row: row, verdict: .quarantined, matches: [match(String(repeating: value, count: 32))]))
            row += 1
        }
        let aggregates = try state.matchAggregates()
        #expect(aggregates.entriesMatched == 5)
        #expect(aggregates.largestGroups.first?.rows == 40)
        #expect(aggregates.largestGroups.first?.isFlood == true)
        #expect(aggregates.largestGroups.dropFirst().allSatisfy { !$0.isFlood && $0.rows == 1 })
        #expect(!MatchAggregates.isFlood(rows: 19, median: 1))
        #expect(!MatchAggregates.isFlood(rows: 40, median: 5))
    }

    @Test("HTML text escaping leaves no markup through")
    func escaping() {
        #expect(HTMLText.escape("<a href='x'>&\"") == "&lt;a href=&#39;x&#39;&gt;&amp;&quot;")
    }
}
