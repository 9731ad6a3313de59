import Foundation

/// `linksieve merge OUT --out FINAL`: combines the outputs of every shard of a sharded scan (or
/// rescan) into the outputs one scan of the whole input would have written, reading only the
/// shards' states and outputs (it never fetches).
///
/// Each part keeps its own folder, as in an unsharded scan of several parts; a part split into
/// row ranges gets its pieces' cleansed manifests, quarantine, rejected, excluded, flagged and
/// changes files laid end to end in row order. With several parts, FINAL also gets one
/// quarantine.jsonl (rejected, excluded, flagged, changes) over all parts in input order, each
/// line naming its `part`. summary.json adds up the shards' counts, and report.html is built from
/// it and the shards' match figures.
public struct ShardMerge {
    public let shardsDirectory: String
    public let outputDirectory: String

    public init(shardsDirectory: String, outputDirectory: String) {
        self.shardsDirectory = shardsDirectory
        self.outputDirectory = outputDirectory
    }

    /// Checks the shards, writes the merged outputs, and returns the merged summary.
    @discardableResult
    public func run() throws -> MergeReport {
        let survey = try ShardSurvey(directory: shardsDirectory)
        try protectInputs(of: survey)
        try OutputDirectory.prepare(outputDirectory)
        let lock = try OutputLock(directory: outputDirectory)
        defer { withExtendedLifetime(lock) {} }

        let parts = survey.plans[0].parts
        let byPart = Dictionary(grouping: survey.pieces, by: \.piece.name)
        var merged: [(part: String, directory: String)] = []
        for part in parts {
            guard let pieces = byPart[part]?.sorted(by: { ($0.piece.from ?? 0) < ($1.piece.from ?? 0) }) else { continue }
            let directory = ShardPlan.directory(of: pieces[0].piece, under: outputDirectory)
            try OutputDirectory.prepare(directory)
            guard let cleansed = ScannedPiece.cleansedName(in: pieces[0].directory) else { continue }
            try CleansedConcatenation.write(cleansed, from: pieces, into: directory)
            for name in ScannedPiece.lineFiles {
                let sources = pieces.map { $0.directory + "/" + name }
                guard sources.contains(where: { FileManager.default.fileExists(atPath: $0) }) else { continue }
                try Self.concatenate(sources, to: directory + "/" + name, mode: Self.mode(of: name), part: nil)
            }
            merged.append((part, directory))
        }
        if merged.contains(where: { $0.directory != outputDirectory }) {
            for name in ScannedPiece.lineFiles {
                let sources = merged.map { ($0.directory + "/" + name, $0.part) }
                guard sources.contains(where: { FileManager.default.fileExists(atPath: $0.0) }) else { continue }
                try Self.concatenate(
                    sources.map(\.0), to: outputDirectory + "/" + name, mode: Self.mode(of: name), part: sources.map(\.1))
            }
        }

        let summary = MergedSummary.json(of: survey)
        try OutputDirectory.write(summary.pretty() + "\n", to: outputDirectory + "/summary.json", mode: 0o666)
        let page = try ReportPage(summaryJSON: summary.serialized(), aggregates: MergedAggregates.of(survey.pieces))
        try OutputDirectory.write(page.html(), to: outputDirectory + "/" + ReportWriter.fileName, mode: 0o644)
        return MergeReport(summary: summary, shardCount: survey.count)
    }

    /// No output may land on a shard's file, a part, or among the shards' folders.
    private func protectInputs(of survey: ShardSurvey) throws {
        let output = URL(fileURLWithPath: outputDirectory).standardizedFileURL.resolvingSymlinksInPath().path
        let shards = URL(fileURLWithPath: shardsDirectory).standardizedFileURL.resolvingSymlinksInPath().path
        let inShards = output == shards || (output.hasPrefix(shards + "/")
            && output.dropFirst(shards.count + 1).split(separator: "/").first?.hasPrefix("shard-") == true)
        if inShards { throw MergeError.outputAmongShards(output: outputDirectory, shards: shardsDirectory) }
        let folders: [String] = Set(survey.pieces.map(\.piece.directory)).map { (name: String) -> String in
            name.isEmpty ? outputDirectory : outputDirectory + "/" + name
        }
        var outputs: [String] = ([outputDirectory] + folders).flatMap(OutputDirectory.outputPaths(in:))
        for name in [ReportWriter.fileName] { outputs += [outputDirectory + "/" + name, outputDirectory + "/" + name + ".partial"] }
        var inputs: [String] = []
        for piece in survey.pieces {
            inputs.append(piece.piece.path)
            inputs += OutputDirectory.fileNames.map { piece.directory + "/" + $0 }
        }
        try InputProtection.check(outputs: outputs, inputs: inputs)
    }

    /// Files that name matched content are owner-only, as the scan writes them.
    private static func mode(of name: String) -> mode_t {
        ["quarantine.jsonl", "flagged.jsonl", "changes.jsonl"].contains(name) ? 0o600 : 0o666
    }

    /// Lays `sources` (missing ones are empty) end to end into `path`, a MiB at a time; with `part`,
    /// each line is prefixed with the part it came from.
    private static func concatenate(_ sources: [String], to path: String, mode: mode_t, part: [String]?) throws {
        let writer = try LineFileWriter(path: path, mode: mode)
        for (index, source) in sources.enumerated() where FileManager.default.fileExists(atPath: source) {
            guard let input = FileHandle(forReadingAtPath: source) else {
                throw MergeError.unreadable(path: source, reason: FileProblem.reason(errno: errno))
            }
            defer { try? input.close() }
            let prefix = part.map { Array(("{\"part\":" + JSONValue.string($0[index]).serialized()).utf8) }
            var carry: [UInt8] = []
            while true {
                let chunk: Data
                do {
                    chunk = try input.read(upToCount: 1 << 20) ?? Data()
                } catch {
                    throw MergeError.unreadable(path: source, reason: FileProblem.reason(path: source, error: error))
                }
                guard let prefix else {
                    if chunk.isEmpty { break }
                    try writer.write(Array(chunk))
                    continue
                }
                carry.append(contentsOf: chunk)
                // Whole lines are tagged as they complete; at the end, an unterminated last line too.
                let end = chunk.isEmpty ? carry.endIndex : (carry.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)
                for line in carry[..<end].split(separator: 0x0A) where line.first == UInt8(ascii: "{") {
                    var tagged = prefix
                    if line.count > 2 { tagged.append(UInt8(ascii: ",")) }
                    tagged.append(contentsOf: line.dropFirst())
                    tagged.append(0x0A)
                    try writer.write(tagged)
                }
                carry.removeSubrange(..<end)
                if chunk.isEmpty { break }
            }
        }
        try writer.commit()
    }
}
