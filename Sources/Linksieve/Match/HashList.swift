/// A loaded hash list: its entries and the identity (name, content digest) a run's summary records.
public struct HashList: Sendable {
    /// The file name, as reports name the list.
    public let name: String
    public let path: String
    /// SHA-256 of the file's bytes as stored (compressed, for a .gz list).
    public let sha256: String
    /// Entries in file order, duplicates merged; photodna entries included (they are never matched).
    public let entries: [HashListEntry]

    public init(name: String, path: String, sha256: String, entries: [HashListEntry]) {
        self.name = name
        self.path = path
        self.sha256 = sha256
        self.entries = entries
    }

    /// Entries per algorithm, unsupported ones (photodna) included.
    public var counts: [HashAlgorithm: Int] {
        entries.reduce(into: [:]) { $0[$1.algorithm, default: 0] += 1 }
    }
}
