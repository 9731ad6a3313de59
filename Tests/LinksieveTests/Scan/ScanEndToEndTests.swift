import Foundation
import Testing
@testable import Linksieve
@testable import LoopbackServers

/// Scans of a generated dataset served from 127.0.0.1, checked against what the dataset planted.
@Suite("Scan end to end")
struct ScanEndToEndTests {
    /// A demo dataset on a loopback server, with its manifest and lists written to a temp dir.
    final class Fixture {
        let served: DemoServer
        let dir: TemporaryDirectory
        let manifest: String
        var options: ScanOptions
        var dataset: DemoDataset { served.dataset }

        init(count: Int) throws {
            served = try DemoServer(dataset: DemoDataset.make(count: count))
            dir = try TemporaryDirectory("scan-e2e")
            try FileManager.default.createDirectory(atPath: dir.file("lists"), withIntermediateDirectories: true)
            try dir.write("lists/content.csv", served.dataset.contentList)
            try dir.write("lists/urls.csv", try served.dataset.urlList(baseURL: served.baseURL))
            manifest = try dir.write("manifest.csv", served.dataset.manifestCSV(baseURL: served.baseURL))
            options = ScanOptions(manifestPath: manifest, listPaths: [dir.file("lists")], outputDirectory: dir.file("out"))
            options.fetch.allowPrivateAddresses = true
            options.fetch.perHost = 64
        }

        func output(_ name: String) throws -> String {
            try String(contentsOfFile: options.outputDirectory + "/" + name, encoding: .utf8)
        }

        func quarantineRecords() throws -> [[String: Any]] {
            try jsonLines(options.outputDirectory + "/quarantine.jsonl")
        }
    }

    @Test("every row ends where it was planted, and rows in = cleansed + quarantined + rejected")
    func plantedVerdicts() throws {
        let fixture = try Fixture(count: 240)
        let report = try Scan(options: fixture.options).run()

        #expect(report.rowsIn == 240)
        #expect(report.cleansed + report.quarantined + report.rejected == report.rowsIn)
        let verdicts = try DemoRun.verdicts(in: fixture.options.outputDirectory)
        #expect(verdicts.count == 240)
        for (row, planted) in fixture.dataset.rows.enumerated() {
            #expect(verdicts[row] == planted.plant.expectedVerdict, "row \(row) planted \(planted.plant)")
        }
        let plants = fixture.dataset.rows.map(\.plant)
        #expect(report.quarantined == plants.filter { $0.expectedVerdict == .quarantined }.count)
        #expect(plants.contains(.exactDigest) && plants.contains(.nearDuplicate) && plants.contains(.listedURL))
    }

    @Test("each quarantine record names the stage that fits what was planted")
    func quarantineStages() throws {
        let fixture = try Fixture(count: 120)
        _ = try Scan(options: fixture.options).run()
        let expectedStage: [DemoDataset.Plant: String] = [.exactDigest: "bytes", .nearDuplicate: "pixels", .listedURL: "url"]
        for record in try fixture.quarantineRecords() {
            let row = try #require(record["row"] as? Int)
            let plant = fixture.dataset.rows[row].plant
            #expect(record["stage"] as? String == expectedStage[plant], "row \(row)")
            #expect(record["list"] as? String != nil && record["entry"] as? String != nil)
            #expect(record["observed"] as? String != nil)
            if plant == .nearDuplicate {
                let distance = try #require(record["distance"] as? Int)
                #expect(distance <= 31)
            } else {
                #expect(record["distance"] is NSNull)
            }
            if plant == .exactDigest {
                #expect(record["entry"] as? String == record["observed"] as? String)
            }
        }
    }

    @Test("URL-listed rows are never fetched and no other row is fetched twice")
    func fetchesOnlyWhatItMust() throws {
        let fixture = try Fixture(count: 120)
        _ = try Scan(options: fixture.options).run()
        let requested = fixture.served.requestsByPath
        #expect(requested.values.allSatisfy { $0 == 1 })
        let fetchable = fixture.dataset.rows.filter { $0.plant != .listedURL && $0.plant != .badURL }.map(\.path)
        #expect(Set(requested.keys) == Set(fetchable))
    }

    @Test("the cleansed manifest keeps the header and the kept rows byte for byte, in order")
    func cleansedIsTheInputMinusRemovedRows() throws {
        let fixture = try Fixture(count: 80)
        _ = try Scan(options: fixture.options).run()
        let input = try String(contentsOfFile: fixture.manifest, encoding: .utf8).split(separator: "\n")
        let kept = Set(fixture.dataset.rows.enumerated().filter { $0.element.plant.expectedVerdict == .kept }.map(\.offset))
        let expected = [input[0]] + input.dropFirst().enumerated().filter { kept.contains($0.offset) }.map(\.element)
        #expect(try fixture.output("cleansed.csv").split(separator: "\n") == expected)
    }

    @Test("reports that name matched content are owner-only")
    func permissions() throws {
        let fixture = try Fixture(count: 40)
        _ = try Scan(options: fixture.options).run()
        for name in ["quarantine.jsonl", "state.sqlite"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: fixture.options.outputDirectory + "/" + name)
            #expect(attributes[.posixPermissions] as? Int == 0o600, "\(name)")
        }
    }

    @Test("a rerun fetches nothing again and writes identical outputs")
    func rerunResumes() throws {
        let fixture = try Fixture(count: 60)
        _ = try Scan(options: fixture.options).run()
        let firstRequests = fixture.served.requestCount
        let outputs = try ["cleansed.csv", "quarantine.jsonl", "rejected.jsonl"].map(fixture.output)
        let second = try Scan(options: fixture.options).run()
        #expect(fixture.served.requestCount == firstRequests)
        #expect(second.fetchedThisRun == 0)
        #expect(second.resumedRows == 60)
        #expect(try ["cleansed.csv", "quarantine.jsonl", "rejected.jsonl"].map(fixture.output) == outputs)
    }

    @Test("summary.json counts rows, outcomes, matches and names every list with its digest")
    func summary() throws {
        let fixture = try Fixture(count: 80)
        let report = try Scan(options: fixture.options).run()
        let data = try Data(contentsOf: URL(fileURLWithPath: fixture.options.outputDirectory + "/summary.json"))
        let summary = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let rows = try #require(summary["rows"] as? [String: Int])
        #expect(rows["in"] == 80 && rows["quarantined"] == report.quarantined)
        let fetch = try #require(summary["fetch_outcomes"] as? [String: Int])
        #expect(fetch["http-404"] == fixture.dataset.rows.filter { $0.plant == .missing }.count)
        let images = try #require(summary["image_outcomes"] as? [String: Int])
        #expect(images["not-an-image"] == fixture.dataset.rows.filter { $0.plant == .notAnImage }.count)
        let lists = try #require(summary["lists"] as? [[String: Any]])
        #expect(Set(lists.compactMap { $0["name"] as? String }) == ["content.csv", "urls.csv"])
        for list in lists { #expect((list["sha256"] as? String)?.count == 64) }
    }

    @Test("summary.json says what bounded the fetching: window, hosts, throttling, and hashing against waiting")
    func summaryNetworkFigures() throws {
        let fixture = try Fixture(count: 80)
        fixture.options.fetch.maxPerHost = 64
        let report = try Scan(options: fixture.options).run()
        let data = try Data(contentsOf: URL(fileURLWithPath: fixture.options.outputDirectory + "/summary.json"))
        let summary = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let run = try #require(summary["run"] as? [String: Any])
        let fetch = try #require(run["fetch"] as? [String: Int])
        #expect(fetch["window"] == FetchWindow.sized(for: fixture.options.fetch).transfers)
        #expect((fetch["descriptor_limit"] ?? 0) > 256)
        #expect((1...64).contains(fetch["peak_in_flight"] ?? 0))
        #expect(fetch["hosts"] == 1)
        #expect((0...1).contains(fetch["hosts_throttled"] ?? -1))
        #expect(fetch["overload_responses"] == 0)
        #expect(fetch["peak_host_limit"] == 64)
        let seconds = try #require(run["seconds"] as? [String: Double])
        let hashing = try #require(seconds["hashing"])
        let waiting = try #require(seconds["hash_workers_waiting_for_network"])
        #expect(hashing > 0)
        #expect(waiting >= 0 && seconds["fetch_waiting_for_hash_workers"] != nil)
        // Summed over workers, the two cannot exceed the workers' share of the scan phase by much.
        #expect(hashing + waiting <= Double(fixture.options.hashWorkers) * (report.durations.scan + 0.5))
        let settings = try #require(summary["settings"] as? [String: Any])
        #expect(settings["concurrency"] as? String == "auto")
        #expect(settings["max_per_host"] as? Int == 64)
    }

    @Test("a scan with the default address policy refuses the loopback server")
    func privateAddressesRefusedByDefault() throws {
        let fixture = try Fixture(count: 20)
        fixture.options.fetch.allowPrivateAddresses = false
        let report = try Scan(options: fixture.options).run()
        #expect(fixture.served.requestCount == 0)
        let data = try Data(contentsOf: URL(fileURLWithPath: fixture.options.outputDirectory + "/summary.json"))
        let summary = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let fetch = try #require(summary["fetch_outcomes"] as? [String: Int])
        #expect(fetch["blocked-address"] == report.rowsIn - report.rejected - report.quarantined)
    }
}
