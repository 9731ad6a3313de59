import Foundation
import Testing
@testable import Linksieve
@testable import LoopbackServers

/// Folders of manifest parts: linksieve's own outputs are not parts, and --keep-going scans past a failed part.
@Suite("Manifest parts")
struct ManifestPartsTests {
    @Test("a folder's cleansed.*, quarantine.jsonl, … and temporaries are skipped and reported; subfolders are not entered")
    func skipsOutputs() throws {
        let dir = try TemporaryDirectory("parts")
        for name in ["a.csv", "b.parquet", "cleansed.csv", "cleansed.jsonl.gz", "quarantine.jsonl", "rejected.jsonl",
                     "excluded.jsonl", "changes.jsonl", "cleansed.csv.partial", "summary.json"] {
            try dir.write(name, "url\n")
        }
        try FileManager.default.createDirectory(atPath: dir.file("a"), withIntermediateDirectories: true)
        try dir.write("a/cleansed.csv", "url\n")
        var skipped: [String] = []
        let parts = try ManifestParts.expand([dir.path]) { skipped.append($0) }
        #expect(parts == [dir.file("a.csv"), dir.file("b.parquet")])
        #expect(Set(skipped) == Set(["cleansed.csv", "cleansed.jsonl.gz", "quarantine.jsonl", "rejected.jsonl",
                                     "excluded.jsonl", "changes.jsonl"].map(dir.file)))
    }

    @Test("with --keep-going a failing part does not stop the others; the failures are listed and the exit status is 2")
    func keepGoing() throws {
        let served = try DemoServer(dataset: DemoDataset.make(count: 20))
        let dir = try TemporaryDirectory("keep-going")
        try FileManager.default.createDirectory(atPath: dir.file("parts"), withIntermediateDirectories: true)
        let manifest = served.dataset.manifestCSV(baseURL: served.baseURL)
        try dir.write("parts/a-bad.csv", "caption,width\nno url column here,3\n")
        try dir.write("parts/b.csv", manifest)
        try dir.write("parts/c.csv", manifest)
        try dir.write("list.csv", served.dataset.contentList)
        let arguments = ["scan", dir.file("parts"), "--lists", dir.file("list.csv"), "--allow-private-addresses", "--no-progress"]

        let stopped = try BuiltBinary.run(arguments + ["--out", dir.file("stop")])
        #expect(stopped.status == 1, "\(stopped.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("stop/b/cleansed.csv")))

        let going = try BuiltBinary.run(arguments + ["--out", dir.file("go"), "--keep-going"])
        #expect(going.status == 2, "\(going.stderr)")
        #expect(going.stdout.contains("2 of 3 parts scanned; 1 failed"), "\(going.stdout)")
        #expect(going.stdout.contains("failed \(dir.file("parts/a-bad.csv"))"), "\(going.stdout)")
        for part in ["b", "c"] {
            #expect(FileManager.default.fileExists(atPath: dir.file("go/\(part)/cleansed.csv")), "\(part)")
        }
    }
}
