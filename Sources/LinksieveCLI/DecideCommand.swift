import ArgumentParser
import Foundation
import Linksieve

/// `linksieve decide`: records one reviewer's decision about a row or a whole entry group in the
/// state's audit log.
struct DecideCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Record a review decision (confirmed, false-positive, escalate) in the audit log.",
        discussion: """
            A decision is about one quarantined row (--row) or about every row one list entry matched \
            (--list, --algorithm and --entry, as quarantine.jsonl names them). It is appended to the \
            hash-chained decisions log in state.sqlite with the reviewer's name and the time; nothing is \
            ever edited. `linksieve apply` turns false-positive decisions into new outputs.
            """)

    @OptionGroup var stateArguments: StateArguments

    @Option(name: .long, help: "Who decides (recorded with the decision).")
    var reviewer: String

    @Option(name: .long, help: "confirmed, false-positive or escalate.")
    var decision: DecisionKind

    @Option(name: .long, help: "The quarantined row the decision is about.")
    var row: Int?

    @Option(name: .long, help: "With --algorithm and --entry: the list of the entry the decision is about.")
    var list: String?

    @Option(name: .long, help: "The entry's algorithm (md5, sha1, sha256, pdq, url, url-sha256, domain).")
    var algorithm: String?

    @Option(name: .long, help: "The entry's value, as quarantine.jsonl's `entry`.")
    var entry: String?

    @Option(name: .long, help: "An optional note kept with the decision.")
    var note: String?

    func validate() throws {
        let entryParts = [list, algorithm, entry].compactMap { $0 }.count
        guard (row != nil) != (entryParts > 0) else {
            throw ValidationError("give either --row or --list, --algorithm and --entry")
        }
        guard row != nil || entryParts == 3 else { throw ValidationError("an entry needs --list, --algorithm and --entry") }
    }

    func run() throws {
        let recorded = try Failure.reported { () throws -> Decision in
            let target: DecisionTarget = row.map { .row($0) }
                ?? .entry(list: list ?? "", algorithm: algorithm ?? "", entry: entry ?? "")
            return try DecisionLog(state: try stateArguments.open())
                .append(reviewer: reviewer, kind: decision, target: target, note: note)
        }
        print("decision \(recorded.seq) recorded: \(recorded.kind.rawValue) by \(recorded.reviewer), hash \(recorded.hash)")
    }
}
