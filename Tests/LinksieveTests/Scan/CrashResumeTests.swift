import Foundation
import Testing
@testable import Linksieve
@testable import LoopbackServers

/// kill -9 at random points of progress: a rerun must continue where the killed run stopped, never fetch a
/// committed row again, and end with outputs identical to an uninterrupted run.
///
/// The server answers a random number of requests per run and holds the rest, so every kill lands while
/// the scan is still waiting for answers, however fast or loaded the machine is.
@Suite("Crash and resume")
struct CrashResumeTests {
    @Test("three kill -9s, then identical outputs and no committed row fetched twice")
    func killNineThreeTimes() throws {
        let rows = 3000
        let bodies = (0..<40).map { ImageEncoder.png(SyntheticImage.make(seed: UInt64($0) + 500, width: 48, height: 48)) }
        let requests = Locked<[String: Int]>([:])
        let gate = ResponseGate()
        let server = try LoopbackHTTPServer { request in
            requests.withValue { $0[request.path, default: 0] += 1 }
            gate.pass()
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
            // More answers than a commit batch (512 rows), so each run commits progress before it stalls;
            // three runs' worth (at most 2,697) is less than the 2,985 fetchable rows, so no run can finish.
            gate.allow(more: 600 + Int(generator.next() % 300))
            let committedBefore = try committedRows(dir.file("killed/state.sqlite"))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: BuiltBinary.path)
            process.arguments = arguments("killed")
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Wait until the scan has used its answers, waits on a held request and has committed a batch.
            let deadline = Date().addingTimeInterval(120)
            while try gate.held == 0 || committedRows(dir.file("killed/state.sqlite")) <= committedBefore,
                  Date() < deadline, process.isRunning {
                Thread.sleep(forTimeInterval: 0.02)
            }
            try #require(process.isRunning, "run \(attempt) exited (\(process.terminationStatus)) while requests were held")
            #expect(gate.held > 0, "run \(attempt) was not waiting on a held request after 120 s")
            // A random moment within the stall: the last answers may still be hashing or committing.
            Thread.sleep(forTimeInterval: Double(generator.next() % 300) / 1000)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
            // Let the held handlers answer the dead connections before the next run gets its allowance.
            gate.open()
            while gate.held > 0 { Thread.sleep(forTimeInterval: 0.01) }
            let completed = try StateStore(path: dir.file("killed/state.sqlite")).completedRows()
            #expect(completed.count > committedBefore && completed.count < rows, "kill \(attempt): \(completed.count) rows committed")
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
        // Read the table directly: opening a StateStore would create the schema if it got there
        // first, racing the scan under test, which is creating it at the same moment.
        let database = try SQLiteDatabase(path: path)
        guard let count = try? database.prepare("SELECT count(*) FROM rows"), try count.step() else { return 0 }
        return count.int(0)
    }
}
