import Foundation
import Testing

@testable import Linksieve
@testable import LoopbackServers

/// `linksieve scan` over a manifest of every fault next to well-behaved rows, through the fetch
/// options of the command line: the scan finishes within a bound and every hostile row is counted
/// under its named outcome in the summary.
@Suite("Hostile scan")
struct HostileScanTests {
    @Test("a scan of every fault finishes in bounded time with each row under its named outcome")
    func everyFaultThroughTheCLI() throws {
        let hostile = try FaultInjectionServer(maxBodyBytes: 1 << 20)
        defer { hostile.stop() }
        let normal = try LoopbackHTTPServer { _ in
            .init(headers: [("Content-Type", "image/png")],
                  body: ImageEncoder.png(SyntheticImage.make(seed: 11, width: 64, height: 64)))
        }
        defer { normal.stop() }

        let dir = try TemporaryDirectory("hostile-scan")
        var manifest = "url,caption\n"
        for fault in FaultInjectionServer.Fault.allCases { manifest += "\(hostile.url(fault)),\(fault.rawValue)\n" }
        let normalRows = 50
        for index in 0..<normalRows { manifest += "\(normal.baseURL)/\(index).png,normal \(index)\n" }
        try dir.write("m.csv", manifest)
        try dir.write("list.csv", "algorithm,value,label\nmd5,d41d8cd98f00b204e9800998ecf8427e,empty\n")

        let start = Date()
        // Only 127.0.0.1 is allowed: the redirects to 10.0.0.1 and 169.254.169.254 are refused unsent.
        let run = try BuiltBinary.run([
            "scan", dir.file("m.csv"), "--lists", dir.file("list.csv"), "--out", dir.file("out"),
            "--allow-address", "127.0.0.1/32", "--per-host", "32", "--max-body-bytes", String(1 << 20),
            "--timeout", "5", "--retries", "2", "--contact-url", "https://example.org/crawler", "--no-progress",
        ])
        let seconds = Date().timeIntervalSince(start)
        try #require(run.status == 0, "\(run.stderr)")
        #expect(seconds < 30, "the scan took \(seconds) s")

        let summary = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.file("out/summary.json"))))
                as? [String: Any])
        let outcomes = try #require(summary["fetch_outcomes"] as? [String: Int])
        let okFaults = 7  // both bombs (raw bytes), 503-then-ok, both lying/HTML pages, robots-noai, image
        #expect(outcomes == [
            "ok": normalRows + okFaults, "timeout": 1, "too-large": 2, "redirect-loop": 1, "blocked-scheme": 3,
            "blocked-address": 2, "http-429": 1, "connection-reset": 1, "truncated": 1,
        ])
    }
}
