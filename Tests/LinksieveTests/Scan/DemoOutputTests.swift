import Foundation
import Testing
@testable import Linksieve
@testable import LoopbackServers

/// `linksieve demo --dir d` replaces an earlier demo's outputs but never deletes what it did not write.
@Suite("Demo output folder")
struct DemoOutputTests {
    @Test("a folder holding a file the demo does not write is refused, and the file stays")
    func refusesForeignFiles() throws {
        let dir = try TemporaryDirectory("demo-out")
        try dir.write("summary.json", "{}\n")
        try dir.write("thesis.tex", "years of work\n")
        #expect(throws: DemoError.foreignFiles(directory: dir.path, names: ["thesis.tex"])) {
            try DemoRun.clearOutputs(dir.path, force: false)
        }
        #expect(FileManager.default.fileExists(atPath: dir.file("thesis.tex")))
        #expect(FileManager.default.fileExists(atPath: dir.file("summary.json")))
    }

    @Test("an earlier demo's outputs are removed; --force removes anything")
    func clearsOwnOutputs() throws {
        let dir = try TemporaryDirectory("demo-out")
        for name in ["cleansed.csv", "quarantine.jsonl", "state.sqlite", "state.sqlite-wal", "linksieve.lock"] {
            try dir.write(name, "x\n")
        }
        try DemoRun.clearOutputs(dir.path, force: false)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        try dir.write("thesis.tex", "years of work\n")
        try DemoRun.clearOutputs(dir.path, force: true)
        #expect(!FileManager.default.fileExists(atPath: dir.path))
    }

    @Test("linksieve demo exits 1 with the folder named when <dir>/out holds other files, and deletes nothing")
    func binaryRefuses() throws {
        let dir = try TemporaryDirectory("demo-binary")
        try FileManager.default.createDirectory(atPath: dir.file("d/out"), withIntermediateDirectories: true)
        try dir.write("d/out/notes.txt", "mine\n")
        let result = try BuiltBinary.run(["demo", "--images", "20", "--dir", dir.file("d")])
        #expect(result.status == 1)
        #expect(result.stderr.contains(dir.file("d/out")) && result.stderr.contains("--force"), "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.file("d/out/notes.txt")))
    }
}
