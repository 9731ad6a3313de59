/// The flood limit of a list policy, applied to the stored verdicts once every row has its matches:
/// an entry can only be seen to flood when the rows it matched have been counted, so it cannot be
/// decided row by row while the scan runs.
extension StateStore {
    /// Finds the entries of the lists in `limits` (list name → flood_limit) that matched more rows than
    /// the limit, and quarantines every kept row that one of them matched, unless a negative list
    /// suppressed that match (an allow-list stays the last word). Idempotent, so a resumed scan or a
    /// rescan applies it again over all rows.
    public func holdFloodedEntries(limits: [String: Int]) throws(StateError) -> [FloodedEntry] {
        let flooded = try floodedEntries(limits: limits)
        guard !flooded.isEmpty else { return [] }
        let hold = try database.prepare("""
            UPDATE rows SET verdict = 'quarantined' WHERE verdict = 'kept' AND row IN (
                SELECT row FROM matches WHERE list = ?1 AND entry = ?2 AND suppressed_by IS NULL
                    AND COALESCE(role, 'block') != 'negative')
            """)
        try database.execute("BEGIN")
        do {
            for entry in flooded { try hold.run([.text(entry.list), .text(entry.entry)]) }
            try database.execute("COMMIT")
        } catch {
            try? database.execute("ROLLBACK")
            throw error
        }
        return flooded
    }

    /// The entries of the lists in `limits` that matched more rows than their list's limit, without
    /// changing anything.
    public func floodedEntries(limits: [String: Int]) throws(StateError) -> [FloodedEntry] {
        guard !limits.isEmpty else { return [] }
        try flush()
        let count = try database.prepare("""
            SELECT entry, COUNT(DISTINCT row) FROM matches WHERE list = ?1
            GROUP BY entry HAVING COUNT(DISTINCT row) > ?2 ORDER BY entry
            """)
        var flooded: [FloodedEntry] = []
        for (list, limit) in limits.sorted(by: { $0.key < $1.key }) {
            count.bind([.text(list), .integer(limit)])
            while try count.step() {
                flooded.append(FloodedEntry(list: list, entry: count.text(0) ?? "", rows: count.int(1), floodLimit: limit))
            }
            count.reset()
        }
        return flooded
    }
}
