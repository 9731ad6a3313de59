import Foundation
@testable import Linksieve
@testable import LoopbackServers

/// A demo dataset served on loopback, as one CSV file, one Parquet file (row groups of 10 rows),
/// and folders of CSV and Parquet parts; scanned by one process and by N shards the way
/// `linksieve scan --shard K/N` runs them (plan first, then each piece into its folder).
final class ShardMergeFixture {
    let server: DemoServer
    let dir: TemporaryDirectory
    static let rowCount = 30

    init() throws {
        server = try DemoServer(dataset: DemoDataset.make(count: Self.rowCount))
        dir = try TemporaryDirectory("shard-merge")
        let rows = try DemoManifest(server.dataset, baseURL: server.baseURL, listsIn: dir).rows
        // Row groups of 10 rows, captions dictionary-encoded.
        func parquet(_ slice: ArraySlice<DemoManifest.Row>, _ path: String) throws {
            try DemoManifest.writeParquet(slice, to: path, rowsPerGroup: 10, dictionaryColumns: ["caption"])
        }
        try dir.write("m.csv", DemoManifest.csv(rows[...]))
        try parquet(rows[...], dir.file("m.parquet"))
        for folder in ["csv-parts", "parquet-parts", "two-parts"] {
            try FileManager.default.createDirectory(atPath: dir.file(folder), withIntermediateDirectories: true)
        }
        // Six parts of five rows (more parts than 1, 3 or 5 shards), and two uneven parts (fewer than 3
        // or 5 shards) whose split puts the end of a.csv and the start of b.csv in one shard.
        for part in 0..<6 {
            let slice = rows[(part * 5)..<(part * 5 + 5)]
            try dir.write("csv-parts/part-\(part).csv", DemoManifest.csv(slice))
            try parquet(slice, dir.file("parquet-parts/part-\(part).parquet"))
        }
        try dir.write("two-parts/a.csv", DemoManifest.csv(rows[0..<13]))
        try dir.write("two-parts/b.csv", DemoManifest.csv(rows[13...]))
    }

    func options(manifest: String, out: String, lists: [String]? = nil) -> ScanOptions {
        var options = ScanOptions(manifestPath: manifest, listPaths: lists ?? [dir.file("lists")], outputDirectory: out)
        options.fetch.allowPrivateAddresses = true
        options.fetch.perHost = 16
        options.fetch.retries = 0
        options.hashWorkers = 2
        return options
    }

    /// One process over `input` (a file, or a folder of parts each into its own folder) into `out`.
    func scanWhole(_ input: String, into out: String) throws {
        let parts = try ManifestParts.expand([dir.file(input)])
        for part in parts {
            let directory = parts == [dir.file(input)] ? dir.file(out) : ManifestParts.outputDirectory(for: part, under: dir.file(out))
            _ = try Scan(options: options(manifest: part, out: directory)).run()
        }
    }

    /// Shard `shard` of `input` into `out`, as the CLI runs it; `adjust` changes the scan's options.
    func scanShard(_ shard: Shard, of input: String, into out: String, adjust: (inout ScanOptions) -> Void = { _ in }) throws {
        let manifests = [dir.file(input)]
        let parts = try ManifestParts.expand(manifests)
        let pieces = try ShardAssignment.pieces(for: shard, of: parts, urlColumn: nil)
        let root = dir.file(out) + "/" + shard.directoryName
        let plan = ShardPlan(
            shard: shard, parts: parts, pieces: pieces, oneFile: parts == manifests && parts.count == 1,
            command: "linksieve scan \(manifests[0]) --lists \(dir.file("lists")) --out \(dir.file(out)) --shard \(shard)")
        try plan.write(to: root)
        for piece in plan.pieces {
            var options = options(manifest: piece.path, out: ShardPlan.directory(of: piece, under: root))
            options.shard = shard
            options.rows = piece.rows
            adjust(&options)
            _ = try Scan(options: options).run()
        }
    }

    func scanShards(_ count: Int, of input: String, into out: String) throws {
        for index in 0..<count { try scanShard(try Shard(index: index, count: count), of: input, into: out) }
    }

    func text(_ path: String) throws -> String { try String(contentsOfFile: dir.file(path), encoding: .utf8) }
    func bytes(_ path: String) throws -> [UInt8] { try dir.read(path) }

    func summary(_ path: String) throws -> JSONValue {
        guard let value = JSONValue(parsing: try text(path)) else { throw CocoaError(.fileReadCorruptFile) }
        return value
    }
}
