import Foundation
import Testing
@testable import Linksieve
@testable import LoopbackServers

/// A run that fails while writing its outputs leaves no temporary (.partial) behind.
@Suite("Temporaries removed on failure")
struct PartialCleanupTests {
    private func partials(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".partial") }
    }

    @Test("a write that fails for lack of space (a file-size limit) ends the scan with an error and no .partial files")
    func fileSizeLimit() throws {
        let served = try DemoServer(dataset: DemoDataset.make(count: 24))
        let dir = try TemporaryDirectory("full-disk")
        // Long captions make the cleansed manifest far larger than the limit; the state stays below it.
        let caption = String(repeating: "a long caption ", count: 2_000)
        var manifest = "url,caption\n"
        for row in served.dataset.rows { manifest += "\(served.baseURL)\(row.path),\"\(caption)\"\n" }
        try dir.write("m.csv", manifest)
        try dir.write("list.csv", served.dataset.contentList)
        // bash's ulimit -f counts KiB; SIGXFSZ ignored, so a write past the limit fails with EFBIG as on a full disk.
        let result = try BuiltBinary.run([
            "scan", dir.file("m.csv"), "--lists", dir.file("list.csv"), "--out", dir.file("out"),
            "--allow-private-addresses", "--no-progress",
        ], after: "trap '' XFSZ; ulimit -f 200")
        #expect(result.status == 1, "\(result.stdout) \(result.stderr)")
        #expect(result.stderr.contains("cleansed.csv"), "\(result.stderr)")
        #expect(try partials(in: dir.file("out")).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dir.file("out/cleansed.csv")))
    }

    @Test("an output pass stopped by a changed row removes every temporary it made")
    func stoppedOutputPass() throws {
        let fixture = try ScanEndToEndTests.Fixture(count: 20)
        _ = try Scan(options: fixture.options).run()
        let state = try StateStore(path: fixture.options.outputDirectory + "/state.sqlite")
        var changed = try #require(try state.results().next())
        changed.url = "http://127.0.0.1:9/changed.png"
        try state.record(changed)
        try state.flush()

        var pass = OutputPass(options: fixture.options)
        #expect(throws: ScanError.self) { try pass.write(from: state) }
        #expect(try partials(in: fixture.options.outputDirectory).isEmpty)
    }
}
