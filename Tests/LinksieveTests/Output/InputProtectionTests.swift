import Foundation
import Testing
@testable import Linksieve
@testable import LoopbackServers

/// An output is never written over an input: the same path, a symlink or a hard link to it.
@Suite("Outputs never overwrite inputs")
struct InputProtectionTests {
    /// Scans `fixture`'s manifest once, then places its cleansed output where the next scan reads.
    private func scanned() throws -> ScanEndToEndTests.Fixture {
        let fixture = try ScanEndToEndTests.Fixture(count: 20)
        _ = try Scan(options: fixture.options).run()
        return fixture
    }

    @Test("scan out/cleansed.csv --out out is refused and the manifest is left as it was")
    func samePath() throws {
        let fixture = try scanned()
        let out = fixture.options.outputDirectory
        let before = try fixture.dir.read("out/cleansed.csv")
        var again = fixture.options
        again.manifestPath = out + "/cleansed.csv"
        let error = #expect(throws: OutputError.self) { try Scan(options: again).run() }
        #expect(error == .overwritesInput(output: out + "/cleansed.csv", input: out + "/cleansed.csv"))
        #expect(try fixture.dir.read("out/cleansed.csv") == before)
    }

    @Test("a manifest reached through a symlink or a hard link to an output is refused")
    func links() throws {
        let fixture = try scanned()
        let out = fixture.options.outputDirectory
        let before = try fixture.dir.read("out/cleansed.csv")
        try FileManager.default.createSymbolicLink(atPath: fixture.dir.file("via-symlink.csv"), withDestinationPath: out + "/cleansed.csv")
        try FileManager.default.linkItem(atPath: out + "/cleansed.csv", toPath: fixture.dir.file("via-hardlink.csv"))
        for manifest in ["via-symlink.csv", "via-hardlink.csv"] {
            var again = fixture.options
            again.manifestPath = fixture.dir.file(manifest)
            let error = #expect(throws: OutputError.self, "\(manifest)") { try Scan(options: again).run() }
            #expect(error == .overwritesInput(output: out + "/cleansed.csv", input: fixture.dir.file(manifest)))
        }
        #expect(try fixture.dir.read("out/cleansed.csv") == before)
    }

    @Test("an output that is a symlink to the manifest is refused")
    func outputLinksToInput() throws {
        let fixture = try ScanEndToEndTests.Fixture(count: 20)
        let out = fixture.options.outputDirectory
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: out + "/rejected.jsonl", withDestinationPath: fixture.manifest)
        let before = try fixture.dir.read("manifest.csv")
        #expect(throws: OutputError.overwritesInput(output: out + "/rejected.jsonl", input: fixture.manifest)) {
            try Scan(options: fixture.options).run()
        }
        #expect(try fixture.dir.read("manifest.csv") == before)
    }

    @Test("a hash list is an input too")
    func listIsAnInput() throws {
        let fixture = try ScanEndToEndTests.Fixture(count: 20)
        var options = fixture.options
        options.outputDirectory = fixture.dir.file("lists")
        try FileManager.default.moveItem(atPath: fixture.dir.file("lists/content.csv"), toPath: fixture.dir.file("lists/cleansed.csv"))
        options.listPaths = [fixture.dir.file("lists/cleansed.csv")]
        #expect(throws: OutputError.self) { try Scan(options: options).run() }
    }

    @Test("a rescan whose --out is the old state directory reached through a symlink is refused")
    func rescanIntoItsOwnState() throws {
        let fixture = try scanned()
        let link = fixture.dir.file("same-state")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: fixture.options.outputDirectory)
        let options = RescanOptions(
            stateDirectory: fixture.options.outputDirectory, listPaths: fixture.options.listPaths, outputDirectory: link)
        #expect(throws: RescanError.self) { try Rescan(options: options).run() }
    }

    @Test("a rescan whose output is the manifest is refused before anything is written")
    func rescanOverManifest() throws {
        let fixture = try scanned()
        let newOut = fixture.dir.file("rescan")
        try FileManager.default.createDirectory(atPath: newOut, withIntermediateDirectories: true)
        try FileManager.default.linkItem(atPath: fixture.manifest, toPath: newOut + "/cleansed.csv")
        let before = try fixture.dir.read("manifest.csv")
        let options = RescanOptions(
            stateDirectory: fixture.options.outputDirectory, listPaths: fixture.options.listPaths, outputDirectory: newOut)
        #expect(throws: OutputError.self) { try Rescan(options: options).run() }
        #expect(try fixture.dir.read("manifest.csv") == before)
        #expect(!FileManager.default.fileExists(atPath: newOut + "/state.sqlite"))
    }

    @Test("the check itself: distinct files pass, the same inode under two names does not")
    func check() throws {
        let dir = try TemporaryDirectory("identity")
        let input = try dir.write("in.csv", "url\n")
        try dir.write("other.csv", "url\n")
        try InputProtection.check(outputs: [dir.file("other.csv"), dir.file("missing.csv")], inputs: [input])
        try FileManager.default.linkItem(atPath: input, toPath: dir.file("twin.csv"))
        #expect(throws: OutputError.overwritesInput(output: dir.file("twin.csv"), input: input)) {
            try InputProtection.check(outputs: [dir.file("twin.csv")], inputs: [input])
        }
    }
}
