import Foundation
import Testing
@testable import Linksieve
@testable import LoopbackServers

/// The built `linksieve` executable, run as a user runs it.
@Suite("linksieve binary")
struct BinaryEndToEndTests {
    @Test("the binary is built beside the tests")
    func binaryExists() {
        #expect(FileManager.default.isExecutableFile(atPath: BuiltBinary.path), "\(BuiltBinary.path)")
    }

    @Test("linksieve demo runs the whole pipeline and every row lands where it was planted")
    func demo() throws {
        let dir = try TemporaryDirectory("demo")
        let result = try BuiltBinary.run(["demo", "--images", "60", "--dir", dir.file("demo")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("every row ended where the dataset planted it"), "\(result.stdout)")
        #expect(FileManager.default.fileExists(atPath: dir.file("demo/out/summary.json")))
    }

    @Test("linksieve scan over a loopback server writes all outputs and a summary line")
    func scan() throws {
        let server = try DemoServer(dataset: DemoDataset.make(count: 40))
        let dataset = server.dataset
        let dir = try TemporaryDirectory("binary-scan")
        let manifest = try dir.write("m.csv", dataset.manifestCSV(baseURL: server.baseURL))
        let list = try dir.write("list.csv", dataset.contentList)
        let result = try BuiltBinary.run([
            "scan", manifest, "--lists", list, "--out", dir.file("out"), "--allow-private-addresses", "--no-progress",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("40 rows:"), "\(result.stdout)")
        for name in ["cleansed.csv", "quarantine.jsonl", "rejected.jsonl", "summary.json", "state.sqlite"] {
            #expect(FileManager.default.fileExists(atPath: dir.file("out/" + name)), "\(name)")
        }
    }

    @Test("the scheduled rescan script exits 0 without new matches, 3 with, and moves latest forward")
    func scheduledRescan() throws {
        let server = try DemoServer(dataset: DemoDataset.make(count: 30))
        let dataset = server.dataset
        let dir = try TemporaryDirectory("schedule")
        let manifest = try dir.write("m.csv", dataset.manifestCSV(baseURL: server.baseURL))
        try FileManager.default.createDirectory(atPath: dir.file("lists"), withIntermediateDirectories: true)
        try dir.write("lists/content.csv", dataset.contentList)
        let scan = try BuiltBinary.run([
            "scan", manifest, "--lists", dir.file("lists"), "--out", dir.file("runs/first"), "--allow-private-addresses",
            "--no-progress",
        ])
        #expect(scan.status == 0, "\(scan.stderr)")
        try FileManager.default.createSymbolicLink(atPath: dir.file("runs/latest"), withDestinationPath: dir.file("runs/first"))

        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Scripts/schedule/rescan.sh").path
        func rescan() throws -> (status: Int32, latest: String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = [script]
            process.environment = [
                "LINKSIEVE_RUNS": dir.file("runs"), "LINKSIEVE_LISTS": dir.file("lists"), "LINKSIEVE_BIN": BuiltBinary.path,
                "PATH": "/usr/bin:/bin",
            ]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            // Run directories are named by the second; keep two runs apart.
            Thread.sleep(forTimeInterval: 1.1)
            return (process.terminationStatus, try FileManager.default.destinationOfSymbolicLink(atPath: dir.file("runs/latest")))
        }
        let quiet = try rescan()
        #expect(quiet.status == 0)
        #expect(quiet.latest != dir.file("runs/first"))

        let clean = try #require(dataset.rows.first { $0.plant == .clean }?.body)
        try dir.write("lists/added.csv", "algorithm,value,label\nmd5,\(Digests.compute(clean).md5),added\n")
        let alarmed = try rescan()
        #expect(alarmed.status == 3)
        #expect(alarmed.latest != quiet.latest)
    }

    @Test("a bad hash-list line stops the scan with an error naming the file and line")
    func badListLine() throws {
        let dir = try TemporaryDirectory("binary-badlist")
        let manifest = try dir.write("m.csv", "url\nhttp://example.invalid/a.jpg\n")
        let list = try dir.write("bad.csv", "algorithm,value,label\nmd5,0123456789abcdef0123456789abcdef,ok\nmd5,nothex,bad\n")
        let result = try BuiltBinary.run(["scan", manifest, "--lists", list, "--out", dir.file("out"), "--no-progress"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("bad.csv") && result.stderr.contains("3"), "\(result.stderr)")
    }

    @Test("lists check reads partner feeds by content and prints skipped types and the effective policy")
    func listsCheckFeedsAndPolicy() throws {
        let dir = try TemporaryDirectory("binary-feeds")
        try FileManager.default.createDirectory(atPath: dir.file("lists/ncmec"), withIntermediateDirectories: true)
        try dir.write("lists/ncmec/page.xml", PartnerListImporterTests.ncmecPage(videos: [
            PartnerListImporterTests.ncmecEntry("video", id: "v", time: "2024-01-01T00:00:00Z", fingerprints: """
                <md5>\(PartnerListImporterTests.hex(9, digits: 32))</md5><tmk-pdqf rel="self" href="/x"/>
                """),
        ]))
        let policy = try dir.write("policy.json", "{\"lists\": {\"ncmec\": {\"pdq_threshold\": 48, \"role\": \"flag\"}}}")
        let result = try BuiltBinary.run(["lists", "check", dir.file("lists"), "--list-policy", policy])
        #expect(result.status == 0, "\(result.stderr)")
        let line = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(line["list"] as? String == "ncmec")
        #expect(line["format"] as? String == "ncmec-xml")
        #expect(line["counts"] as? [String: Int] == ["md5": 1])
        #expect(line["skipped"] as? [String: Int] == ["tmk-pdqf": 1])
        let effective = try #require(line["policy"] as? [String: Any])
        #expect(effective["role"] as? String == "flag")
        #expect(effective["pdq_threshold"] as? Int == 48)
        #expect(effective["min_quality"] as? Int == 50)
        // A policy naming a list that is not loaded is an error.
        let typo = try dir.write("typo.json", "{\"lists\": {\"ncmek\": {\"role\": \"flag\"}}}")
        let refused = try BuiltBinary.run(["lists", "check", dir.file("lists"), "--list-policy", typo])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("ncmek"), "\(refused.stderr)")
    }

    @Test("--help documents every command")
    func help() throws {
        let result = try BuiltBinary.run(["--help"])
        #expect(result.status == 0)
        for command in ["scan", "demo", "hash"] { #expect(result.stdout.contains(command), "\(command)") }
    }
}
