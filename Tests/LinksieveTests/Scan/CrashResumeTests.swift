import Foundation
import Testing
@testable import Linksieve
@testable import LoopbackServers

/// kill -9 at random moments: a rerun must continue where the killed run stopped, never fetch a
/// committed row again, and end with outputs identical to an uninterrupted run.
@Suite("Crash and resume")
struct CrashResumeTests {
    @Test("three kill -9s, then identical outputs and no committed row fetched twice")
    func killNineThreeTimes() throws {
        let rows = 3000
        let bodies = (0..<40).map { ImageEncoder.png(SyntheticImage.make(seed: UInt64($0) + 500, width: 48, height: 48)) }
        let requests = Locked<[String: Int]>([:])
        let server = try LoopbackHTTPServer { request in
            requests.withValue { $0[request.path, default: 0] += 1 }
            // Slow enough that a scan takes seconds, so the kills land mid-run.
            Thread.sleep(forTimeInterval: 0.004)
            guard let number = Int(request.path.dropFirst(5).prefix { $0.isNumber }) else { return .init(status: 404) }
            return number % 97 == 0 ? .init(status: 404) : .init(body: bodies[number % bodies.count])
        }
        defer { server.stop() }

        let dir = try TemporaryDirectory("crash")
        var manifest = "url,caption\n"
        for row in 0..<rows {
            manifest += row % 211 == 5 ? "not a url,\"row \(row)\"\n" : "\(server.baseURL)/img/\(row).png,\"row \(row)\"\n"
        }
        try dir.write("m.csv", manifest)
        var list = "algorithm,value,label\n"
        for index in stride(from: 0, to: bodies.count, by: 7) { list += "md5,\(Digests.compute(bodies[index]).md5),b\(index)\n" }
        try dir.write("list.csv", list)
        func arguments(_ out: String) -> [String] {
            ["scan", dir.file("m.csv"), "--lists", dir.file("list.csv"), "--out", dir.file(out), "--allow-private-addresses",
             "--no-progress", "--concurrency", "4", "--per-host", "4"]
        }

        let reference = try BuiltBinary.run(arguments("reference"))
        try #require(reference.status == 0, "\(reference.stderr)")
        requests.withValue { $0.removeAll() }

        var generator = SplitMix64(seed: 20261122)
        var snapshots: [(completed: RowSet, counts: [String: Int])] = []
        for attempt in 1...3 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: BuiltBinary.path)
            process.arguments = arguments("killed")
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Kill at a random moment after the run has committed its first batch (a loaded machine
            // can take a while to get there), so every kill interrupts real progress.
            let committedBefore = try committedRows(dir.file("killed/state.sqlite"))
            let deadline = Date().addingTimeInterval(60)
            while try committedRows(dir.file("killed/state.sqlite")) <= committedBefore, Date() < deadline, process.isRunning {
                Thread.sleep(forTimeInterval: 0.02)
            }
            Thread.sleep(forTimeInterval: Double(generator.next() % 800) / 1000)
            #expect(process.isRunning, "kill \(attempt) came after the scan had finished")
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
            let completed = try StateStore(path: dir.file("killed/state.sqlite")).completedRows()
            #expect(completed.count > 0 && completed.count < rows, "kill \(attempt): \(completed.count) rows committed")
            snapshots.append((completed, requests.current))
        }
        let finished = try BuiltBinary.run(arguments("killed"))
        #expect(finished.status == 0, "\(finished.stderr)")

        // A row committed before a kill is never fetched again by a later run.
        let finalCounts = requests.current
        for (attempt, snapshot) in snapshots.enumerated() {
            let refetched = (0..<rows).filter { row in
                let path = "/img/\(row).png"
                return snapshot.completed.contains(row) && finalCounts[path, default: 0] != snapshot.counts[path, default: 0]
            }
            #expect(refetched.isEmpty, "after kill \(attempt + 1), committed rows fetched again: \(refetched.prefix(10))")
        }
        for name in ["cleansed.csv", "quarantine.jsonl", "rejected.jsonl", "excluded.jsonl"] {
            let expected = try dir.read("reference/" + name)
            #expect(try dir.read("killed/" + name) == expected, "\(name) differs from the uninterrupted run")
        }
        #expect(try dir.read("reference/quarantine.jsonl").count > 0)
    }

    /// Rows committed so far by the scan writing `path` (0 before the database exists).
    private func committedRows(_ path: String) throws -> Int {
        guard FileManager.default.fileExists(atPath: path) else { return 0 }
        return try StateStore(path: path).completedRows().count
    }
}
