import Foundation
import Testing
@testable import Linksieve
@testable import LoopbackServers

/// One run at a time per output directory.
@Suite("Output directory lock")
struct OutputLockTests {
    @Test("a second lock on a directory is refused and names the holder's process id; released, it can be taken again")
    func exclusive() throws {
        let dir = try TemporaryDirectory("lock")
        var first: OutputLock? = try OutputLock(directory: dir.path)
        #expect(throws: OutputError.locked(directory: dir.path, pid: getpid())) { try OutputLock(directory: dir.path) }
        withExtendedLifetime(first) {}
        first = nil
        _ = try OutputLock(directory: dir.path)
    }

    @Test("a scan into a directory another process has locked exits 75 and names that process; nothing is fetched")
    func scanWhileLocked() throws {
        let fixture = try ScanEndToEndTests.Fixture(count: 20)
        let out = fixture.options.outputDirectory
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let lock = try OutputLock(directory: out)
        let result = try BuiltBinary.run([
            "scan", fixture.manifest, "--lists", fixture.dir.file("lists"), "--out", out,
            "--allow-private-addresses", "--no-progress",
        ])
        withExtendedLifetime(lock) {}
        #expect(result.status == 75, "\(result.stderr)")
        #expect(result.stderr.contains("process \(getpid())"), "\(result.stderr)")
        #expect(fixture.served.requestCount == 0)
        #expect(!FileManager.default.fileExists(atPath: out + "/state.sqlite"))
    }

    @Test("a rescan into a locked directory is refused too")
    func rescanWhileLocked() throws {
        let fixture = try ScanEndToEndTests.Fixture(count: 20)
        _ = try Scan(options: fixture.options).run()
        let newOut = fixture.dir.file("rescan")
        try FileManager.default.createDirectory(atPath: newOut, withIntermediateDirectories: true)
        let lock = try OutputLock(directory: newOut)
        let options = RescanOptions(
            stateDirectory: fixture.options.outputDirectory, listPaths: fixture.options.listPaths, outputDirectory: newOut)
        #expect(throws: OutputError.locked(directory: newOut, pid: getpid())) { try Rescan(options: options).run() }
        withExtendedLifetime(lock) {}
    }

    @Test("the lock file of a finished run names no process")
    func releasedLockIsEmpty() throws {
        let fixture = try ScanEndToEndTests.Fixture(count: 20)
        _ = try Scan(options: fixture.options).run()
        #expect(try fixture.dir.read("out/" + OutputLock.fileName).isEmpty)
    }
}
