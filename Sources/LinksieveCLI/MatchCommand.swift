import ArgumentParser
import Dispatch
import Foundation
import Linksieve

/// `linksieve match`: look hashes up in lists, as staff check a value a partner sent, and as the
/// PDQ index is benchmarked.
struct MatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Look up hashes (one algorithm:value per line) in hash lists; one JSON line per match.",
        discussion: """
            Query lines: pdq:<64 hex>, md5:<32 hex>, sha1:<40 hex>, sha256:<64 hex>, url:<URL> (also matched \
            by its SHA-256 and its domains, as a scan would), url-sha256:<64 hex>, domain:<host>. Blank lines \
            and lines starting with # are skipped. Output keys: query, algorithm, list, label, category, entry, \
            distance (null for exact matches). A line that is not a query is reported on stderr with its line \
            number, the others are still looked up, and the exit status is then 1.
            """)

    @OptionGroup var lists: ListArguments

    @Option(
        name: .long, parsing: .unconditional, help: "Largest PDQ Hamming distance that counts as a match (default: \(ScanOptions.defaultPDQThreshold)).",
        transform: NumericOption.integer("--pdq-threshold", 0...256))
    var pdqThreshold = ScanOptions.defaultPDQThreshold

    @Option(
        name: .long, parsing: .unconditional, help: "Threads running the queries (default: one per core).",
        transform: NumericOption.integer("--workers", 1...1024))
    var workers: Int?

    @Option(name: .long, help: "PDQ index layout: compact (about 116 bytes per entry) or sequential (about 132, faster per query).")
    var pdqLayout = HammingIndex.Layout.compact

    @Flag(name: .long, help: "Print the time of each phase (load, index, queries) and queries per second on stderr.")
    var timing = false

    @Argument(help: "File of queries, or - for standard input. It may follow the lists: --lists L... FILE.")
    var input: String?

    mutating func validate() throws {
        // `--lists` takes every value up to the next option, so a query file written right after the lists lands there.
        if input == nil {
            guard lists.lists.count > 1 else { throw ValidationError("give the query file (or -) after the lists") }
            input = lists.lists.removeLast()
        }
    }

    func run() throws {
        let started = DispatchTime.now()
        let loaded = try Failure.reported { try lists.load() }
        let afterLoad = DispatchTime.now()
        let matcher = HashMatcher(lists: loaded, pdqLayout: pdqLayout)
        let afterIndex = DispatchTime.now()

        let input = self.input ?? "-"
        let workers = self.workers ?? ProcessInfo.processInfo.activeProcessorCount
        let text: String = try Failure.reported { String(decoding: try LocalFile.read(path: input), as: UTF8.self) }
        let parsed = HashQueryBatch.parse(text)
        let source = input == "-" ? "<stdin>" : input
        for problem in parsed.problems {
            FileHandle.standardError.write(Data("linksieve: \(TerminalText.escaped(source)):\(problem.line): \(TerminalText.escaped(problem.message))\n".utf8))
        }
        let queries = parsed.queries.map(\.query)
        let beforeQueries = DispatchTime.now()
        let results = HashQueryBatch.run(queries, matcher: matcher, pdqThreshold: pdqThreshold, workers: workers)
        let afterQueries = DispatchTime.now()

        var output = ""
        var matchCount = 0
        for (query, matches) in zip(queries, results) {
            for match in matches {
                output += HashQueryBatch.json(query, match).serialized()
                output += "\n"
                matchCount += 1
            }
            if output.utf8.count > 1 << 20 {
                FileHandle.standardOutput.write(Data(output.utf8))
                output = ""
            }
        }
        FileHandle.standardOutput.write(Data(output.utf8))

        if timing {
            let seconds = { (from: DispatchTime, to: DispatchTime) in Double(to.uptimeNanoseconds - from.uptimeNanoseconds) / 1e9 }
            let querySeconds = seconds(beforeQueries, afterQueries)
            let entries = loaded.reduce(0) { $0 + $1.entryCount }
            let pdqEntries = loaded.reduce(0) { $0 + ($1.counts[.pdq] ?? 0) }
            let lines = [
                String(format: "timing: load %.3f s (%d lists, %d entries)", seconds(started, afterLoad), loaded.count, entries),
                String(format: "timing: index %.3f s (%d pdq entries, %d bytes, ", seconds(afterLoad, afterIndex), pdqEntries,
                       matcher.pdqIndexBytes) + "\(pdqLayout.rawValue) layout)",
                String(format: "timing: queries %.3f s (%d queries, %.0f queries/s, %d workers, %d matches)", querySeconds,
                       queries.count, Double(queries.count) / max(querySeconds, 1e-9), workers, matchCount),
                String(format: "timing: total %.3f s", seconds(started, DispatchTime.now())),
            ]
            FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        }
        if !parsed.problems.isEmpty { throw ExitCode.failure }
    }
}

extension HammingIndex.Layout: ExpressibleByArgument {}
