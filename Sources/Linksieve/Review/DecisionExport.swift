import Foundation

/// What leaves the review as files: the negative list of hashes judged false positive (for
/// later scans, so those hashes never quarantine a row again) and the confirmed matches in a shape
/// a partner hotline can take. Both name matched content: written owner-only.
public struct DecisionExport {
    let log: DecisionLog

    public init(state: StateStore) {
        log = DecisionLog(state: state)
    }

    /// A list in the native format (Hashlists/README.md) of the observed values of every row
    /// returned by false-positive decisions, each with the list and entry it was matched by.
    /// Returns the number of entries written.
    @discardableResult
    public func writeFalsePositiveList(to path: String, twoPersonRule: Bool) throws -> Int {
        var seen = Set<String>()
        var lines = [
            "# linksieve negative list: values reviewers judged false positive; load with the negative role",
            "algorithm,value,label,category,source,from_list,from_entry",
        ]
        try log.forEachDecidedRow { result, covering in
            guard covering.allSatisfy({ DecisionLog.isFalsePositive($0, twoPersonRule: twoPersonRule) }) else { return }
            for match in result.matches where seen.insert(match.algorithm.rawValue + "," + match.observed).inserted {
                lines.append([
                    match.algorithm.rawValue, match.observed, "false-positive", match.category ?? "", "review",
                    match.list, match.entry,
                ].map(Self.csvField).joined(separator: ","))
            }
        }
        try OutputDirectory.write(lines.joined(separator: "\n") + "\n", to: path, mode: 0o600)
        return seen.count
    }

    /// Confirmed matches: one per (row, match) whose latest decision is `confirmed`.
    public func confirmedMatches() throws -> [ConfirmedMatch] {
        var confirmed: [ConfirmedMatch] = []
        try log.forEachDecidedRow { result, covering in
            for (match, decisions) in zip(result.matches, covering) {
                guard let last = decisions.last, last.kind == .confirmed else { continue }
                confirmed.append(ConfirmedMatch(row: result, match: match, decision: last))
            }
        }
        return confirmed
    }

    /// Writes the confirmed matches as CSV and as a JSON report; returns how many.
    @discardableResult
    public func writeConfirmed(csv csvPath: String?, json jsonPath: String?) throws -> Int {
        let matches = try confirmedMatches()
        if let csvPath {
            let lines = [ConfirmedMatch.csvHeader] + matches.map(\.csvLine)
            try OutputDirectory.write(lines.joined(separator: "\n") + "\n", to: csvPath, mode: 0o600)
        }
        if let jsonPath {
            let report = JSONValue.object([
                ("generated_at", .string(ISO8601DateFormatter().string(from: Date()))),
                ("tool", .string("linksieve \(LinksieveVersion.current)")),
                ("confirmed", .array(matches.map(\.json))),
            ])
            try OutputDirectory.write(report.pretty() + "\n", to: jsonPath, mode: 0o600)
        }
        return matches.count
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
