/// A loaded hash list: its entries, held compactly, and the identity (name, counts, content digest)
/// a run's summary records.
public struct HashList: Sendable {
    /// The file name, as reports name the list.
    public let name: String
    public let path: String
    /// SHA-256 of the file's bytes as stored (compressed, for a .gz list).
    public let sha256: String
    /// The file layout the list was read as.
    public let format: HashListFormat
    /// Distinct entries per algorithm, unsupported ones (photodna) included.
    public let counts: [HashAlgorithm: Int]
    /// Lines that repeated an entry already listed, and were merged into it.
    public let duplicates: Int
    /// Values the list carries that linksieve cannot match, by the partner's type name (`tmk-pdqf`,
    /// `VideoTMK`, `raw_text`, …): counted, never silently dropped.
    public let skipped: [String: Int]
    /// Partner feeds: entries removed by a later deletion (tombstone, Withdrawn/Deleted status, `deleted`).
    public let withdrawn: Int
    /// Partner feeds: records replaced by a later record of the same entry.
    public let replaced: Int
    let storage: Storage

    /// The entries by algorithm. Digests are binary keys; labels are indexes into one table.
    struct Storage: Sendable {
        let labels: HashListLabels
        let md5: DigestSet<DigestKey128>
        let sha1: DigestSet<DigestKey160>
        let sha256: DigestSet<DigestKey256>
        let urlSHA256: DigestSet<DigestKey256>
        let urlMD5: DigestSet<DigestKey128>
        let pdq: DigestSet<DigestKey256>
        /// url, domain and photodna: canonical value -> label index.
        let text: [HashAlgorithm: [String: UInt32]]
    }

    init(
        name: String, path: String, sha256: String, format: HashListFormat, counts: [HashAlgorithm: Int],
        duplicates: Int, feed: HashListBuilder.FeedCounts = .init(), storage: Storage
    ) {
        self.name = name
        self.path = path
        self.sha256 = sha256
        self.format = format
        self.counts = counts
        self.duplicates = duplicates
        skipped = feed.skipped
        withdrawn = feed.withdrawn
        replaced = feed.replaced
        self.storage = storage
    }

    /// A list made from entries in memory (tests, tools); repeated values are merged, the first kept.
    /// Values must already be canonical (`HashAlgorithm.canonicalValue`); others are left out.
    public init(name: String, path: String, sha256: String, entries: [HashListEntry]) {
        var builder = HashListBuilder()
        for entry in entries {
            let label = builder.label(entry.label, category: entry.category)
            try? builder.add(entry.algorithm, value: entry.value, label: label)
        }
        self = builder.build(name: name, path: path, sha256: sha256, format: .native)
    }

    /// Number of distinct entries, all algorithms together.
    public var entryCount: Int { counts.values.reduce(0, +) }

    /// Every entry, grouped by algorithm (in `HashAlgorithm` order) and sorted by value within one.
    /// Built on demand: fine for demo and test lists, costly for lists of millions.
    public var entries: [HashListEntry] {
        var entries = [HashListEntry]()
        entries.reserveCapacity(entryCount)
        for algorithm in HashAlgorithm.allCases {
            for (value, label) in values(of: algorithm) {
                let pair = storage.labels[label]
                entries.append(HashListEntry(algorithm: algorithm, value: value, label: pair.label, category: pair.category))
            }
        }
        return entries
    }

    private func values(of algorithm: HashAlgorithm) -> [(String, UInt32)] {
        func listed<Key: DigestKey>(_ set: DigestSet<Key>) -> [(String, UInt32)] {
            set.keys.indices.map { (set.keys[$0].hex, set.labels[$0]) }
        }
        switch algorithm {
        case .md5: return listed(storage.md5)
        case .sha1: return listed(storage.sha1)
        case .sha256: return listed(storage.sha256)
        case .urlSHA256: return listed(storage.urlSHA256)
        case .urlMD5: return listed(storage.urlMD5)
        case .pdq: return listed(storage.pdq)
        case .url, .domain, .photoDNA:
            return (storage.text[algorithm] ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
    }

    /// The label and category stored under `index`.
    func label(_ index: UInt32) -> HashListLabels.Label { storage.labels[index] }
}
