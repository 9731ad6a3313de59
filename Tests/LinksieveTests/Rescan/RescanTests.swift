import Foundation
import Testing
@testable import Linksieve
@testable import LoopbackServers

/// Rescans of a scanned loopback dataset: new lists without the network, then refreshes.
@Suite("Rescan")
struct RescanTests {
    /// A scanned demo dataset whose server answers conditional requests and counts what it serves.
    final class Fixture {
        let server: DemoServer
        let dir: TemporaryDirectory
        var scanOptions: ScanOptions
        var dataset: DemoDataset { server.dataset }

        init() throws {
            server = try DemoServer(dataset: DemoDataset.make(count: 60))
            dir = try TemporaryDirectory("rescan")
            try FileManager.default.createDirectory(atPath: dir.file("lists"), withIntermediateDirectories: true)
            try dir.write("lists/content.csv", server.dataset.contentList)
            try dir.write("lists/urls.csv", try server.dataset.urlList(baseURL: server.baseURL))
            let manifest = try dir.write("m.csv", server.dataset.manifestCSV(baseURL: server.baseURL))
            scanOptions = ScanOptions(manifestPath: manifest, listPaths: [dir.file("lists")], outputDirectory: dir.file("scan"))
            scanOptions.fetch.allowPrivateAddresses = true
            scanOptions.fetch.perHost = 64
            _ = try Scan(options: scanOptions).run()
        }

        var totalRequests: Int { server.requestCount }

        func rescan(_ out: String, refresh: Double? = nil, configure: (inout RescanOptions) -> Void = { _ in }) throws
            -> RescanReport
        {
            var options = RescanOptions(stateDirectory: dir.file("scan"), listPaths: [dir.file("lists")], outputDirectory: dir.file(out))
            options.refreshOlderThan = refresh
            options.fetch = scanOptions.fetch
            configure(&options)
            return try Rescan(options: options).run()
        }

        func changes(_ out: String) throws -> [(row: Int, change: String)] {
            try jsonLines(dir.file(out + "/changes.jsonl")).map { object in
                (try #require(object["row"] as? Int), try #require(object["change"] as? String))
            }
        }

        func rows(where plant: DemoDataset.Plant) -> [Int] {
            dataset.rows.enumerated().filter { $0.element.plant == plant }.map(\.offset)
        }
    }

    @Test("new list entries are found with no HTTP request, and changes.jsonl names exactly those rows")
    func newEntriesWithoutNetwork() throws {
        let fixture = try Fixture()
        let before = fixture.totalRequests
        let newlyListed = Array(fixture.rows(where: .clean).prefix(3))
        var extra = "algorithm,value,label\n"
        for row in newlyListed {
            let body = try #require(fixture.dataset.rows[row].body)
            extra += "sha256,\(Digests.compute(body).sha256),added-later-\(row)\n"
        }
        try fixture.dir.write("lists/added.csv", extra)

        let report = try fixture.rescan("rescan1")
        #expect(fixture.totalRequests == before)
        #expect(report.requests == 0)
        #expect(report.newMatches == 3)
        let changes = try fixture.changes("rescan1")
        #expect(changes.map(\.row) == newlyListed)
        #expect(changes.allSatisfy { $0.change == "newly-quarantined" })
        #expect(report.scan.quarantined == fixture.dataset.rows.filter { $0.plant.expectedVerdict == .quarantined }.count + 3)
    }

    @Test("a withdrawn entry releases its rows as no-longer-matched")
    func withdrawnEntries() throws {
        let fixture = try Fixture()
        let listed = fixture.dataset.contentList.split(separator: "\n").map(String.init)
        let pdqLines = listed.filter { $0.hasPrefix("pdq,") }
        try fixture.dir.write("lists/content.csv", listed.filter { !$0.hasPrefix("pdq,") }.joined(separator: "\n") + "\n")
        let report = try fixture.rescan("rescan2")
        let changes = try fixture.changes("rescan2")
        #expect(changes.count == pdqLines.count)
        #expect(Set(changes.map(\.row)) == Set(fixture.rows(where: .nearDuplicate)))
        #expect(changes.allSatisfy { $0.change == "no-longer-matched" })
        #expect(report.newMatches == 0)
    }

    @Test("a refresh gets 304 for unchanged URLs, re-hashes changed ones and reports vanished ones as gone")
    func refresh() throws {
        let fixture = try Fixture()
        let clean = fixture.rows(where: .clean)
        let changed = Array(clean.prefix(2))
        let removed = Array(clean.dropFirst(2).prefix(2))
        // A listed image now sits behind one of the changed URLs.
        let listedRow = fixture.rows(where: .exactDigest)[0]
        let listedBody = try #require(fixture.dataset.rows[listedRow].body)
        fixture.server.replace(fixture.dataset.rows[changed[0]].path, with: listedBody)
        fixture.server.replace(
            fixture.dataset.rows[changed[1]].path, with: ImageEncoder.png(SyntheticImage.make(seed: 999, width: 64, height: 64)))
        for row in removed { fixture.server.replace(fixture.dataset.rows[row].path, with: nil) }
        let fetchedRows = fixture.dataset.rows.filter { $0.plant != .listedURL && $0.plant != .badURL }.count
        let before = fixture.totalRequests

        let report = try fixture.rescan("rescan3", refresh: 0) { $0.dropGone = true }
        #expect(fixture.totalRequests - before == fetchedRows)
        let unchanged = fixture.dataset.rows.filter { $0.plant != .listedURL && $0.plant != .badURL && $0.body != nil }.count
            - changed.count - removed.count
        #expect(fixture.server.notModifiedCount == unchanged)

        let changes = try fixture.changes("rescan3")
        let byKind = Dictionary(grouping: changes, by: \.change).mapValues { Set($0.map(\.row)) }
        #expect(byKind["content-changed"] == Set(changed))
        #expect(byKind["gone"] == Set(removed))
        #expect(byKind["newly-quarantined"] == [changed[0]])
        // --drop-gone excludes every row whose URL is gone now: the newly removed and the ones that were 404 already.
        let gone = removed.count + fixture.rows(where: .missing).count
        #expect(report.scan.excluded == gone)
        let excluded = try String(contentsOfFile: fixture.dir.file("rescan3/excluded.jsonl"), encoding: .utf8)
        #expect(excluded.split(separator: "\n").count == gone)
    }

    @Test("a later rescan without the network keeps or drops rows an earlier refresh found gone, as --drop-gone says")
    func goneRowsLater() throws {
        let fixture = try Fixture()
        let removed = try #require(fixture.rows(where: .clean).first)
        fixture.server.replace(fixture.dataset.rows[removed].path, with: nil)
        _ = try fixture.rescan("refreshed", refresh: 0)
        let kept = try fixture.rescan("kept") { $0.stateDirectory = fixture.dir.file("refreshed") }
        let dropped = try fixture.rescan("dropped") {
            $0.stateDirectory = fixture.dir.file("refreshed")
            $0.dropGone = true
        }
        let missing = fixture.rows(where: .missing).count
        #expect(kept.scan.excluded == 0)
        #expect(dropped.scan.excluded == missing + 1)
        #expect(kept.requests == 0 && dropped.requests == 0)
    }

    @Test("a rescan never writes over its source, and refuses a manifest that changed")
    func refusals() throws {
        let fixture = try Fixture()
        #expect(throws: RescanError.self) { try fixture.rescan("scan") }
        _ = try fixture.rescan("again")
        #expect(throws: RescanError.self) { try fixture.rescan("again") }
        try fixture.dir.write("m.csv", "url\nhttp://127.0.0.1:1/x.jpg\n")
        #expect(throws: RescanError.self) { try fixture.rescan("after-edit") }
    }

    @Test("runs and each row's changes accumulate from state to state")
    func history() throws {
        let fixture = try Fixture()
        let row = try #require(fixture.rows(where: .clean).first)
        let body = try #require(fixture.dataset.rows[row].body)
        try fixture.dir.write("lists/added.csv", "algorithm,value,label\nmd5,\(Digests.compute(body).md5),later\n")
        _ = try fixture.rescan("r1")
        try FileManager.default.removeItem(atPath: fixture.dir.file("lists/added.csv"))
        _ = try fixture.rescan("r2") { $0.stateDirectory = fixture.dir.file("r1") }

        let state = try StateStore(path: fixture.dir.file("r2/state.sqlite"))
        let runs = try state.runs()
        #expect(runs.count == 3)
        #expect(runs.allSatisfy { $0.finishedAt != nil && $0.summary != nil })
        let history = try state.changes(ofRow: row)
        #expect(history.map(\.change) == ["newly-quarantined", "no-longer-matched"])
        #expect(history.map(\.run) == [runs[1].id, runs[2].id])
    }
}
