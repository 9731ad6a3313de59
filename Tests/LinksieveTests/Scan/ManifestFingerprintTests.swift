import Foundation
import Testing
@testable import Linksieve
@testable import LoopbackServers

/// A state database trusts its verdicts only for the manifest they were reached on: the whole file
/// is fingerprinted, and every row's URL is checked against the state when outputs are written.
@Suite("Manifest fingerprint and row checks")
struct ManifestFingerprintTests {
    /// A manifest of 60 rows with 60 KB captions (well over the 2 MiB an old sampled fingerprint
    /// read), served 404s from loopback, and a URL list naming one URL the manifest does not hold,
    /// spelled with as many characters as row 30's.
    final class Fixture {
        let server: LoopbackHTTPServer
        let dir: TemporaryDirectory
        let manifest: String
        let listedURL: String
        let editedURL: String
        var options: ScanOptions

        init() throws {
            server = try LoopbackHTTPServer { _ in .init(status: 404) }
            dir = try TemporaryDirectory("fingerprint")
            let caption = String(repeating: "c", count: 60_000)
            var text = "url,caption\n"
            for row in 0..<60 { text += "\(server.baseURL)/x/\(String(format: "%04d", row)).png,\(caption)\n" }
            manifest = try dir.write("m.csv", text)
            editedURL = "\(server.baseURL)/x/0030.png"
            listedURL = "\(server.baseURL)/x/9999.png"
            try dir.write("urls.csv", "algorithm,value,label\nurl,\(listedURL),planted\n")
            options = ScanOptions(manifestPath: manifest, listPaths: [dir.file("urls.csv")], outputDirectory: dir.file("out"))
            options.fetch.allowPrivateAddresses = true
        }

        deinit { server.stop() }

        /// Replaces row 30's URL by the listed one: same length, in the middle of the file.
        func editMiddleRow() throws {
            let text = try String(contentsOfFile: manifest, encoding: .utf8)
            let edited = text.replacingOccurrences(of: editedURL, with: listedURL)
            #expect(edited.utf8.count == text.utf8.count)
            try dir.write("m.csv", edited)
        }

        func cleansed() throws -> String { try String(contentsOfFile: dir.file("out/cleansed.csv"), encoding: .utf8) }

        /// Turns the state into what linksieve wrote before schema version 3: the sampled fingerprint.
        func makeStateVersion2() throws {
            let database = try SQLiteDatabase(path: dir.file("out/state.sqlite"))
            let sampled = try ManifestIdentity.sampled(path: manifest)
            // The columns later versions added go too, so the upgrade adds them again as it would.
            try database.execute("""
                ALTER TABLE rows DROP COLUMN final_url;
                ALTER TABLE matches DROP COLUMN role;
                ALTER TABLE matches DROP COLUMN suppressed_by;
                DROP TABLE decisions;
                UPDATE meta SET value = '\(sampled)' WHERE key = 'manifest';
                PRAGMA user_version = 2;
                """)
        }
    }

    @Test("a manifest edited in the middle, same length, is not resumed: the state belongs to another file")
    func middleEditRefused() throws {
        let fixture = try Fixture()
        _ = try Scan(options: fixture.options).run()
        let before = try fixture.cleansed()
        try fixture.editMiddleRow()
        #expect(throws: StateError.self) { try Scan(options: fixture.options).run() }
        #expect(try fixture.cleansed() == before)
        #expect(!(try fixture.cleansed()).contains(fixture.listedURL))
    }

    @Test("a rescan of a state whose manifest was edited in the middle is refused")
    func middleEditRefusedByRescan() throws {
        let fixture = try Fixture()
        _ = try Scan(options: fixture.options).run()
        try fixture.editMiddleRow()
        let options = RescanOptions(
            stateDirectory: fixture.dir.file("out"), listPaths: fixture.options.listPaths, outputDirectory: fixture.dir.file("re"))
        let manifest = URL(fileURLWithPath: fixture.manifest).standardizedFileURL.path
        #expect(throws: RescanError.manifestChanged(path: manifest)) { try Rescan(options: options).run() }
        #expect(!FileManager.default.fileExists(atPath: fixture.dir.file("re/state.sqlite")))
    }

    @Test("a version 2 state is upgraded: its manifest is recognised by the sampled fingerprint, then bound by the whole-file one")
    func legacyStateUpgraded() throws {
        let fixture = try Fixture()
        _ = try Scan(options: fixture.options).run()
        try fixture.makeStateVersion2()
        let report = try Scan(options: fixture.options).run()
        #expect(report.fetchedThisRun == 0 && report.resumedRows == 60)
        let binding = try #require(try StateStore(path: fixture.dir.file("out/state.sqlite")).manifestBinding())
        #expect(binding.identity == (try ManifestIdentity.of(path: fixture.manifest)))
        #expect(binding.identity.hasPrefix("sha256:"))
        #expect(binding.sampledIdentity == nil)
    }

    @Test("a version 2 state whose sample misses an edit is still caught: the changed row stops the outputs, naming it")
    func legacyStateRowCheck() throws {
        let fixture = try Fixture()
        _ = try Scan(options: fixture.options).run()
        let before = try fixture.cleansed()
        try fixture.makeStateVersion2()
        try fixture.editMiddleRow()
        let error = #expect(throws: ScanError.self) { try Scan(options: fixture.options).run() }
        let message = error?.description ?? ""
        #expect(message.hasPrefix(fixture.manifest) && message.contains("row 30 (line 32)"), "\(message)")
        #expect(!message.contains(fixture.listedURL))
        #expect(try fixture.cleansed() == before)
    }

    @Test("the fingerprint covers every byte: one changed byte in the middle changes it")
    func wholeFile() throws {
        let fixture = try Fixture()
        let first = try ManifestIdentity.of(path: fixture.manifest)
        try fixture.editMiddleRow()
        let second = try ManifestIdentity.of(path: fixture.manifest)
        #expect(first != second)
        let data = try fixture.dir.read("m.csv")
        #expect(second == "sha256:\(SHA256Hex.of(data)) size=\(data.count)")
    }
}
