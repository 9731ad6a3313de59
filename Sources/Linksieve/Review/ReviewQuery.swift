/// The WHERE clause of one queue query as it is assembled from a filter and a cursor: conditions
/// with `?` placeholders and their values in order, never values pasted into SQL.
struct ReviewQuery: Sendable {
    private(set) var conditions: [String] = []
    private(set) var values: [SQLiteValue] = []

    mutating func require(_ condition: String, _ values: SQLiteValue...) {
        require(condition, values)
    }

    mutating func require(_ condition: String, _ values: [SQLiteValue]) {
        conditions.append("(\(condition))")
        self.values += values
    }

    var whereClause: String { conditions.isEmpty ? "1" : conditions.joined(separator: " AND ") }

    /// Starts strictly after `cursor`'s item in the order of `columns` (ascending, unique as a
    /// whole): a row-value comparison SQLite answers with a seek into the order's index.
    mutating func page(after cursor: ReviewCursor?, order: ReviewOrder, columns: [String], path: String) throws {
        guard let cursor else { return }
        guard cursor.order == order, cursor.keys.count == columns.count else {
            throw ReviewError.cursorOrder(path: path, cursor: cursor.order, requested: order)
        }
        require(
            "(\(columns.joined(separator: ", "))) > (\(columns.map { _ in "?" }.joined(separator: ", ")))",
            cursor.keys.map { .integer($0) })
    }
}
