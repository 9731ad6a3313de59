/// Applies a feed's records in timestamp order, whatever order its pages were read in: the latest
/// record of each entry wins (on equal timestamps the one read last), and a deletion removes the entry.
/// Holds one record per entry, never a file's text.
struct PartnerRecordLedger {
    /// One record per entry, in the order entries were first seen (so a list builds the same way every run).
    private var records: [PartnerRecord] = []
    private var positions: [String: Int] = [:]
    private(set) var replaced = 0

    mutating func apply(_ record: PartnerRecord) {
        guard let position = positions[record.key] else {
            positions[record.key] = records.count
            records.append(record)
            return
        }
        replaced += 1
        if record.timestamp >= records[position].timestamp { records[position] = record }
    }

    /// Puts every surviving entry into `builder`, counts deletions and skipped types.
    func build(into builder: inout HashListBuilder) {
        builder.feed.replaced += replaced
        for record in records {
            if record.withdrawn {
                builder.feed.withdrawn += 1
                continue
            }
            let label = builder.label(record.label, category: record.category)
            for signal in record.signals {
                switch signal {
                case .entry(let algorithm, let value):
                    // Values were checked when read, so this cannot fail.
                    try? builder.add(algorithm, value: value, label: label)
                case .skipped(let type):
                    builder.skip(type)
                }
            }
        }
    }
}
