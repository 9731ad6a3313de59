/// A set of row numbers as a bitmap: 125 KB per million rows, so resuming a large manifest
/// does not need a hash set of every completed row.
public struct RowSet: Sendable {
    private var words: [UInt64] = []
    public private(set) var count = 0

    public init() {}

    public mutating func insert(_ row: Int) {
        let word = row >> 6
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: word - words.count + 1)) }
        let mask = UInt64(1) << UInt64(row & 63)
        if words[word] & mask == 0 {
            words[word] |= mask
            count += 1
        }
    }

    public func contains(_ row: Int) -> Bool {
        let word = row >> 6
        return word < words.count && words[word] & (UInt64(1) << UInt64(row & 63)) != 0
    }
}
