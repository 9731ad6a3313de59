/// The repetition and definition levels of a leaf inside a list, struct or map: one entry per
/// level pair, several per row when a row holds a list. A row starts at each repetition level 0;
/// an entry carries a value exactly when its definition level is the leaf's maximum, so the
/// column's values are dense (one per present value) and the levels say where they sit.
public struct ParquetLevels: Sendable, Equatable {
    public var repetition: [UInt8]
    public var definition: [UInt8]
    /// The definition level of an entry that holds a value.
    public let maxDefinitionLevel: UInt8

    public init(repetition: [UInt8], definition: [UInt8], maxDefinitionLevel: UInt8) {
        self.repetition = repetition
        self.definition = definition
        self.maxDefinitionLevel = maxDefinitionLevel
    }

    public var entryCount: Int { definition.count }

    /// Rows, counted by their first entries.
    public var rowCount: Int { repetition.lazy.filter { $0 == 0 }.count }

    /// Entries that hold a value.
    public var valueCount: Int { definition.lazy.filter { $0 == maxDefinitionLevel }.count }

    /// The first entry of each row, then `entryCount`: row `r` is entries `starts[r]..<starts[r + 1]`.
    func rowStarts() -> [Int] {
        var starts = [Int]()
        starts.reserveCapacity(entryCount / 2 + 1)
        for (entry, level) in repetition.enumerated() where level == 0 { starts.append(entry) }
        starts.append(entryCount)
        return starts
    }

    /// The levels of the rows at `rows` (sorted indices) and the indices of their values among the
    /// column's dense values, in order.
    func gathering(_ rows: [Int]) -> (levels: ParquetLevels, values: [Int]) {
        let starts = rowStarts()
        // valueStarts[r]: how many values the rows before row r hold.
        var valueStarts = [Int](repeating: 0, count: starts.count)
        var values = 0
        var row = 0
        for (entry, level) in definition.enumerated() {
            while starts[row] == entry {
                valueStarts[row] = values
                row += 1
            }
            if level == maxDefinitionLevel { values += 1 }
        }
        while row < starts.count {
            valueStarts[row] = values
            row += 1
        }
        var kept = ParquetLevels(repetition: [], definition: [], maxDefinitionLevel: maxDefinitionLevel)
        var keptValues = [Int]()
        for row in rows {
            let entries = starts[row]..<starts[row + 1]
            kept.repetition.append(contentsOf: repetition[entries])
            kept.definition.append(contentsOf: definition[entries])
            keptValues.append(contentsOf: valueStarts[row]..<valueStarts[row + 1])
        }
        return (kept, keptValues)
    }
}
