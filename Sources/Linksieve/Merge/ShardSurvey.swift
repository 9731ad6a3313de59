import Foundation

/// Every shard of a sharded scan, read from its `--out`: which shard folders exist, their plans,
/// and their finished pieces. It refuses, naming each shard at fault and how to rerun it, when a
/// shard is missing or unfinished, and when shards disagree on the input, lists, policy or settings.
struct ShardSurvey {
    let directory: String
    let count: Int
    let plans: [ShardPlan]
    /// The finished pieces, shard by shard.
    let pieces: [ScannedPiece]

    init(directory: String) throws {
        self.directory = directory
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw MergeError.unreadable(path: directory, reason: FileProblem.reason(path: directory, error: error))
        }
        var counts = Set<Int>()
        for name in names {
            let fields = name.split(separator: "-")
            if fields.count == 4, fields[0] == "shard", fields[2] == "of", Int(fields[1]) != nil, let count = Int(fields[3]) {
                counts.insert(count)
            }
        }
        guard let count = counts.first else { throw MergeError.noShards(directory: directory) }
        guard counts.count == 1 else { throw MergeError.mixedCounts(directory: directory, counts: counts.sorted()) }
        self.count = count

        var plans: [ShardPlan] = []
        var pieces: [ScannedPiece] = []
        var missing: [(Shard, String)] = []
        var unfinished: [(Shard, String)] = []
        for index in 0..<count {
            let shard = try Shard(index: index, count: count)
            let root = directory + "/" + shard.directoryName
            guard FileManager.default.fileExists(atPath: root) else {
                missing.append((shard, "shard \(shard) is missing (no \(root))"))
                continue
            }
            guard FileManager.default.fileExists(atPath: root + "/" + ShardPlan.fileName) else {
                unfinished.append((shard, "shard \(shard) did not start: \(root) has no \(ShardPlan.fileName)"))
                continue
            }
            let plan: ShardPlan
            do {
                plan = try ShardPlan.read(from: root)
            } catch {
                throw MergeError.unreadable(path: root + "/" + ShardPlan.fileName, reason: "not a shard plan: \(error)")
            }
            guard plan.index == index, plan.count == count else {
                throw MergeError.unreadable(
                    path: root + "/" + ShardPlan.fileName, reason: "is the plan of shard \(plan.index)/\(plan.count), not \(shard)")
            }
            plans.append(plan)
            if plan.pieces.isEmpty, !FileManager.default.fileExists(atPath: root + "/summary.json") {
                unfinished.append((shard, "shard \(shard) had nothing to scan but wrote no summary.json"))
            }
            for piece in plan.pieces {
                switch try ScannedPiece.read(shard: shard, piece: piece, directory: ShardPlan.directory(of: piece, under: root)) {
                case .finished(let scanned): pieces.append(scanned)
                case .unfinished(let why): unfinished.append((shard, "shard \(shard) is unfinished: \(why)"))
                }
            }
        }
        if !missing.isEmpty || !unfinished.isEmpty {
            let commands = Dictionary(plans.map { ($0.index, $0.command) }, uniquingKeysWith: { a, _ in a })
            let anyCommand = plans.first?.command
            var lines: [String] = []
            var named = Set<Int>()
            for (shard, problem) in missing + unfinished {
                lines.append(problem)
                if named.insert(shard.index).inserted {
                    lines.append("  " + RerunCommand.hint(for: shard, basedOn: commands[shard.index] ?? anyCommand))
                }
            }
            throw MergeError.incomplete(lines)
        }
        self.plans = plans
        self.pieces = pieces
        try checkAgreement()
    }

    /// Shards must have been given the same parts, and scanned with the same lists, list policy and
    /// settings; pieces of one part must have read the same file (the same fingerprint).
    private func checkAgreement() throws {
        let first = plans[0]
        for plan in plans.dropFirst() where plan.parts != first.parts {
            let extra = Set(plan.parts).symmetricDifference(first.parts).sorted().prefix(3).joined(separator: ", ")
            throw MergeError.differs(
                shard: "\(plan.index)/\(plan.count)", what: "input",
                detail: extra.isEmpty ? "its parts are in another order" : "the parts differ (\(extra))")
        }
        guard let reference = pieces.first else { return }
        let compared: [(key: String, what: String)] = [("lists", "lists"), ("list_policy", "list policy"), ("settings", "settings")]
        for piece in pieces.dropFirst() {
            for (key, what) in compared {
                let (mine, theirs) = (piece.summary[key] ?? .null, reference.summary[key] ?? .null)
                guard mine != theirs else { continue }
                throw MergeError.differs(
                    shard: "\(piece.shard)", what: what, detail: Self.difference(mine, theirs, other: "shard \(reference.shard)"))
            }
        }
        var identities: [String: (String, Shard)] = [:]
        for piece in pieces {
            guard let identity = piece.manifestIdentity else { continue }
            if let (other, shard) = identities[piece.piece.name], other != identity {
                throw MergeError.differs(
                    shard: "\(piece.shard)", what: "input",
                    detail: "its \(piece.piece.name) is not the file shard \(shard) read (\(identity), not \(other))")
            }
            identities[piece.piece.name] = (identity, piece.shard)
        }
    }

    /// What differs between two summary members, in a few words: the first differing key, or the values.
    private static func difference(_ mine: JSONValue, _ theirs: JSONValue, other: String) -> String {
        switch (mine, theirs) {
        case (.object(let a), .object(let b)):
            let keys = Set(a.map(\.0)).union(b.map(\.0)).sorted()
            for key in keys where mine[key] != theirs[key] {
                return "\(key) is \(Self.short(mine[key])) here, \(Self.short(theirs[key])) in \(other)"
            }
        case (.array(let a), .array(let b)):
            for (index, (x, y)) in zip(a, b).enumerated() where x != y {
                return "entry \(index + 1): \(Self.difference(x, y, other: other))"
            }
            return "\(a.count) here, \(b.count) in \(other)"
        default:
            break
        }
        return "\(Self.short(mine)) here, \(Self.short(theirs)) in \(other)"
    }

    private static func short(_ value: JSONValue?) -> String {
        let text = value?.serialized() ?? "nothing"
        return text.count > 80 ? String(text.prefix(77)) + "…" : text
    }
}
