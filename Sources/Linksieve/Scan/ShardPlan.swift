import Foundation

/// What one task of a sharded scan set out to scan, written as `shard-plan.json` in its folder
/// before it scans anything: every part of the input (by file name, in the order shards take
/// them), the pieces this shard covers, the folder each piece's outputs go to, and the command.
/// `linksieve merge` reads it to tell a shard that finished every piece from one that stopped
/// between pieces, to check that all tasks were given the same input, and to name the command
/// that reruns a shard.
public struct ShardPlan: Codable, Sendable, Equatable {
    public static let fileName = "shard-plan.json"

    /// One piece of the shard and where its outputs are.
    public struct Piece: Codable, Sendable, Equatable {
        /// The part as the scan was given it.
        public let path: String
        /// The outputs' folder, relative to the shard's folder ("" is the shard's folder itself).
        public let directory: String
        /// The range of the part's rows; nil for the whole part.
        public let from: Int?
        public let to: Int?

        public var name: String { (path as NSString).lastPathComponent }
        public var rows: Range<Int>? { from.flatMap { from in to.map { from..<$0 } } }
    }

    public let index: Int
    public let count: Int
    /// The file names of every part of the input, in the order shards take them.
    public let parts: [String]
    public let pieces: [Piece]
    /// The command line that ran the shard.
    public let command: String

    public var shard: Shard { get throws(ShardError) { try Shard(index: index, count: count) } }

    /// The plan of `shard` over `parts`. `oneFile`: the scan was given a single manifest file,
    /// whose outputs go into the shard's folder itself rather than a folder named after the part.
    public init(shard: Shard, parts: [String], pieces: [ShardAssignment.Piece], oneFile: Bool, command: String) {
        index = shard.index
        count = shard.count
        self.parts = ShardAssignment.ordered(parts).map { ($0 as NSString).lastPathComponent }
        self.pieces = pieces.map { piece in
            let directory = oneFile ? "" : (ManifestParts.outputDirectory(for: piece.part, under: "") as NSString).lastPathComponent
            return Piece(path: piece.part, directory: directory, from: piece.rows?.lowerBound, to: piece.rows?.upperBound)
        }
        self.command = command
    }

    /// The same plan, run by another command (a rescan of the shard).
    public func run(by command: String) -> ShardPlan {
        ShardPlan(index: index, count: count, parts: parts, pieces: pieces, command: command)
    }

    private init(index: Int, count: Int, parts: [String], pieces: [Piece], command: String) {
        self.index = index
        self.count = count
        self.parts = parts
        self.pieces = pieces
        self.command = command
    }

    /// The folder of `piece`'s outputs under the shard's folder `root`.
    public static func directory(of piece: Piece, under root: String) -> String {
        piece.directory.isEmpty ? root : root + "/" + piece.directory
    }

    /// Writes the plan into `root` (created if missing); an empty shard also gets the `summary.json`
    /// that tells a merge it finished with nothing to scan, rather than never ran.
    public func write(to root: String) throws {
        let outputs = [root + "/" + Self.fileName, root + "/summary.json"]
        try InputProtection.check(outputs: outputs.flatMap { [$0, $0 + ".partial"] }, inputs: pieces.map(\.path))
        try OutputDirectory.prepare(root)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try OutputDirectory.write(String(decoding: try encoder.encode(self), as: UTF8.self) + "\n", to: outputs[0], mode: 0o666)
        if pieces.isEmpty {
            try OutputDirectory.write(emptySummary().pretty() + "\n", to: outputs[1], mode: 0o666)
        }
    }

    /// The summary of a shard with no rows: its K/N, `empty`, and zero rows.
    func emptySummary() -> JSONValue {
        .object([
            ("tool", .object([("name", "linksieve"), ("version", .string(LinksieveVersion.current))])),
            ("finished_at", .string(ISO8601DateFormatter().string(from: Date()))),
            ("shard", .object([("index", .int(index)), ("count", .int(count)), ("rows", .null), ("empty", true)])),
            ("rows", .object(["in", "cleansed", "quarantined", "rejected", "excluded"].map { ($0, .int(0)) })),
        ])
    }

    /// Reads the plan in the shard folder `root`.
    public static func read(from root: String) throws -> ShardPlan {
        let data = try Data(contentsOf: URL(fileURLWithPath: root + "/" + fileName))
        return try JSONDecoder().decode(ShardPlan.self, from: data)
    }
}
