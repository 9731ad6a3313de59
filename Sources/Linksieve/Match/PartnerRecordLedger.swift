/// Applies a feed's records in timestamp order, whatever order its pages were read in: the latest
/// record of each entry wins (on equal timestamps the one read last), and a deletion removes the entry.
/// Holds one record per entry, never a file's text.
struct PartnerRecordLedger {
    private var latest: [String: PartnerRecord] = [:]
    private(set) var replaced = 0

    mutating func apply(_ record: PartnerRecord) {
        guard let earlier = latest[record.key] else {
            latest[record.key] = record
            return
        }
        replaced += 1
        if record.timestamp >= earlier.timestamp { latest[record.key] = record }
    }

    /// Puts every surviving entry into `builder`, counts deletions and skipped types. Entries are added
    /// in key order so a list's duplicates and labels come out the same on every run.
    func build(into builder: inout HashListBuilder) {
        builder.feed.replaced += replaced
        for key in latest.keys.sorted() {
            let record = latest[key]!
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
