import Foundation
import Testing
@testable import Linksieve
@testable import LoopbackServers

/// Ctrl-C (SIGINT) or SIGTERM during a scan: the binary stops taking rows, keeps what it finished,
/// says how to resume and exits 128 + the signal; the same command then finishes the scan.
@Suite("Interrupting a scan")
struct InterruptTests {
    @Test("SIGINT exits 130, SIGTERM 143; finished rows are kept and a rerun completes the scan", arguments: [SIGINT, SIGTERM])
    func interrupted(signal: Int32) throws {
        let body = ImageEncoder.png(SyntheticImage.make(seed: 3, width: 32, height: 32))
        let requests = Locked<[String: Int]>([:])
        let slow = Locked(true)
        let server = try LoopbackHTTPServer { request in
            requests.withValue { $0[request.path, default: 0] += 1 }
            // Slow while the test waits to interrupt, so the signal lands mid-scan; fast afterwards.
            if slow.current { Thread.sleep(forTimeInterval: 0.2) }
            return .init(body: body)
        }
        defer { server.stop() }
        let dir = try TemporaryDirectory("interrupt")
        var manifest = "url\n"
        for row in 0..<60 { manifest += "\(server.baseURL)/\(row).png\n" }
        let arguments = [
            "scan", try dir.write("m.csv", manifest), "--lists",
            try dir.write("l.csv", "algorithm,value,label\nmd5,0123456789abcdef0123456789abcdef,x\n"),
            "--out", dir.file("out"), "--allow-private-addresses", "--no-progress", "--concurrency", "2",
        ]

        let process = Process()
        process.executableURL = URL(fileURLWithPath: BuiltBinary.path)
        process.arguments = arguments
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while requests.current.count < 6, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        kill(process.processIdentifier, signal)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        slow.withValue { $0 = false }

        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 128 + signal, "\(stderr)")
        #expect(stderr.contains("interrupted; rerun the same command to resume"), "\(stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("out/cleansed.csv")))
        var kept = 0
        try StateStore(path: dir.file("out/state.sqlite")).forEachResult { _ in kept += 1 }
        #expect(kept > 0 && kept < 60, "\(kept) rows committed")
        let firstRun = requests.current.count

        let rerun = try BuiltBinary.run(arguments)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stdout.contains("60 rows: 60 cleansed"), "\(rerun.stdout)")
        // Rows committed before the signal are not fetched again.
        #expect(requests.current.values.reduce(0, +) <= 60 + (firstRun - kept), "\(requests.current)")
    }
}
