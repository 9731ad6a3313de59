import Foundation

/// The decisions audit log in `state.sqlite`: append-only, each record chained to the one before
/// by SHA-256 (see `Decision`), so any edit or deletion inside the log is found by `verify()`.
///
/// Rescans copy the state, and with it the log, so decisions carry forward to the next state.
/// Each append also brings the review queue's tables (`ReviewIndex`) up to date, in the same
/// transaction, so a queue never shows a decision state the log does not hold.
public struct DecisionLog {
    let state: StateStore

    public init(state: StateStore) {
        self.state = state
    }

    /// Appends a decision after checking its target is a quarantined row or a matched entry.
    @discardableResult
    public func append(
        reviewer: String, kind: DecisionKind, target: DecisionTarget, note: String? = nil, at date: Date = Date()
    ) throws -> Decision {
        let reviewer = reviewer.trimmingCharacters(in: .whitespaces)
        guard !reviewer.isEmpty else { throw DecisionError.noReviewer(path: state.path) }
        try checkTarget(target)
        let last = try state.database.prepare("SELECT seq, hash FROM decisions ORDER BY seq DESC LIMIT 1")
        let (lastSeq, lastHash) = try last.step() ? (last.int(0), last.text(1) ?? "") : (0, Decision.genesisHash)
        last.reset()
        let formatter = ISO8601DateFormatter()
        var decision = Decision(
            seq: lastSeq + 1, at: formatter.string(from: date), reviewer: reviewer, kind: kind, target: target,
            note: note.flatMap { $0.isEmpty ? nil : $0 }, previousHash: lastHash, hash: "")
        decision.hash = decision.expectedHash
        var values: [SQLiteValue] = [.integer(decision.seq), .text(decision.at), .text(reviewer), .text(kind.rawValue)]
        switch target {
        case .row(let row): values += [.integer(row), .null, .null, .null]
        case .entry(let list, let algorithm, let entry): values += [.null, .text(list), .text(algorithm), .text(entry)]
        }
        values += [.of(decision.note), .text(decision.previousHash), .text(decision.hash)]
        // The review queue's tables learn of the decision in the same transaction as the log.
        try state.database.execute("SAVEPOINT decision")
        do {
            try state.database.prepare("""
                INSERT INTO decisions (seq, at, reviewer, decision, row, list, algorithm, entry, note, previous_hash, hash)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                """).run(values)
            try ReviewIndex.record(decision, in: state.database)
            try state.database.execute("RELEASE decision")
        } catch {
            try? state.database.execute("ROLLBACK TO decision; RELEASE decision")
            throw error
        }
        return decision
    }

    private func checkTarget(_ target: DecisionTarget) throws {
        switch target {
        case .row(let row):
            let select = try state.database.prepare("SELECT 1 FROM rows WHERE row = ?1 AND verdict = 'quarantined'")
            select.bind([.integer(row)])
            guard try select.step() else { throw DecisionError.notQuarantined(path: state.path, row: row) }
        case .entry(let list, let algorithm, let entry):
            // The review tables, when current, index entries of quarantined rows; the matches table,
            // searched for any other, does not.
            let current = try ReviewIndex.isCurrent(state.database)
            for table in current ? ["review_groups", "matches"] : ["matches"] {
                let select = try state.database.prepare(
                    "SELECT 1 FROM \(table) WHERE list = ?1 AND algorithm = ?2 AND entry = ?3 LIMIT 1")
                select.bind([.text(list), .text(algorithm), .text(entry)])
                if try select.step() { return }
            }
            throw DecisionError.noSuchEntry(path: state.path, list: list, algorithm: algorithm)
        }
    }

    /// Every record, oldest first, as stored (not checked: see `verify()`).
    public func all() throws -> [Decision] {
        try Self.records(in: state.database)
    }

    static func records(in database: SQLiteDatabase) throws(StateError) -> [Decision] {
        let select = try database.prepare("""
            SELECT seq, at, reviewer, decision, row, list, algorithm, entry, note, previous_hash, hash
            FROM decisions ORDER BY seq
            """)
        var decisions: [Decision] = []
        while try select.step() { decisions.append(decision(from: select)) }
        return decisions
    }

    /// The decision in the current row of `select`, whose columns are those of `records(in:)`.
    static func decision(from select: SQLiteStatement) -> Decision {
        let target: DecisionTarget = select.isNull(4)
            ? .entry(list: select.text(5) ?? "", algorithm: select.text(6) ?? "", entry: select.text(7) ?? "")
            : .row(select.int(4))
        let kindText = select.text(3) ?? ""
        // An unknown kind can only come from an edit; verify() reports it, here it reads as escalate.
        return Decision(
            seq: select.int(0), at: select.text(1) ?? "", reviewer: select.text(2) ?? "",
            kind: DecisionKind(rawValue: kindText) ?? .escalate, target: target, note: select.text(8),
            previousHash: select.text(9) ?? "",
            hash: DecisionKind(rawValue: kindText) == nil ? "invalid-kind" : select.text(10) ?? "")
    }

    /// Walks the chain and names the first record whose sequence, link or hash does not fit.
    public func verify() throws -> AuditVerification {
        var previousHash = Decision.genesisHash
        var expectedSeq = 1
        let decisions = try all()
        for decision in decisions {
            let broken: String?
            if decision.seq != expectedSeq {
                broken = "record \(expectedSeq) is missing (found \(decision.seq) next)"
            } else if decision.previousHash != previousHash {
                broken = "its previous_hash does not match the record before it"
            } else if decision.hash != decision.expectedHash {
                broken = "its contents do not match its hash"
            } else {
                broken = nil
            }
            if let broken {
                return AuditVerification(
                    records: decisions.count, headHash: decisions.last?.hash ?? Decision.genesisHash,
                    firstBroken: (min(decision.seq, expectedSeq), broken))
            }
            previousHash = decision.hash
            expectedSeq += 1
        }
        return AuditVerification(records: decisions.count, headHash: previousHash, firstBroken: nil)
    }

    /// Calls `body` for each quarantined row that any decision covers, with, for each of its
    /// matches, the decisions covering that match, oldest first. Streams the rows.
    func forEachDecidedRow(_ body: (RowResult, [[Decision]]) throws -> Void) throws {
        let decisions = try all()
        guard !decisions.isEmpty else { return }
        let cursor = try state.results()
        while let result = try cursor.next() {
            guard result.verdict == .quarantined, !result.matches.isEmpty else { continue }
            let covering = result.matches.map { match in
                decisions.filter { $0.target.covers(row: result.row, match: match) }
            }
            if covering.contains(where: { !$0.isEmpty }) { try body(result, covering) }
        }
    }

    /// Whether the decisions on one match (oldest first) judge it a false positive: the latest says
    /// so and, with `twoPersonRule`, two different reviewers have said so since any other decision.
    static func isFalsePositive(_ decisions: [Decision], twoPersonRule: Bool) -> Bool {
        var reviewers = Set<String>()
        for decision in decisions {
            if decision.kind == .falsePositive { reviewers.insert(decision.reviewer) } else { reviewers = [] }
        }
        return reviewers.count >= (twoPersonRule ? 2 : 1)
    }

    /// The quarantined rows that reviewers' false-positive decisions return to the cleansed dataset:
    /// every match of the row must be judged false positive (see `isFalsePositive`).
    public func rowsReturned(twoPersonRule: Bool) throws -> Set<Int> {
        var returned = Set<Int>()
        try forEachDecidedRow { result, covering in
            if covering.allSatisfy({ Self.isFalsePositive($0, twoPersonRule: twoPersonRule) }) {
                returned.insert(result.row)
            }
        }
        return returned
    }
}
