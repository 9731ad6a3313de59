import ArgumentParser
import Foundation
import Linksieve

/// `linksieve runs`: the history of scans and rescans a state database remembers.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List the scans and rescans recorded in a state directory.")

    @Option(name: .long, help: "Directory holding state.sqlite (a scan's or rescan's --out).")
    var state: String

    @Flag(help: "Print each run as a JSON line (with its full summary) instead of a table.")
    var json = false

    func run() throws {
        let runs = try Failure.reported { () throws -> [RunRecord] in
            let path = state + "/state.sqlite"
            guard FileManager.default.fileExists(atPath: path) else {
                throw ValidationError("\(TerminalText.escaped(state)): no state.sqlite here")
            }
            return try StateStore(path: path).runs()
        }
        let formatter = ISO8601DateFormatter()
        for run in runs {
            let started = formatter.string(from: Date(timeIntervalSince1970: run.startedAt))
            let summary = run.summary.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            if json {
                print(JSONValue.object([
                    ("id", .int(run.id)), ("started_at", .string(started)),
                    ("finished_at", run.finishedAt.map { .string(formatter.string(from: Date(timeIntervalSince1970: $0))) } ?? .null),
                    ("command", .string(run.command)), ("summary", .of(run.summary)),
                ]).serialized())
                continue
            }
            let rows = summary?["rows"] as? [String: Int]
            let outcome = run.finishedAt == nil
                ? "did not finish"
                : "\(rows?["in"] ?? 0) rows, \(rows?["quarantined"] ?? 0) quarantined"
            print("\(run.id)\t\(started)\t\(outcome)\t\(TerminalText.escaped(run.command))")
        }
    }
}
