/// How a run names the lists it used: file name, entry counts per algorithm and the SHA-256
/// of the file, so that a published summary says exactly which list versions cleansed it.
/// Never the entries themselves: lists are partner property.
public enum ListProvenance {
    static func json(_ lists: [HashList]) -> JSONValue {
        .array(lists.map { list in
            .object([("name", .string(list.name)), ("sha256", .string(list.sha256)), ("entries", .int(list.entryCount))]
                + counts(list))
        })
    }

    /// Entries per algorithm; how many are of algorithms linksieve cannot compute (PhotoDNA: loaded,
    /// never matched), in all and by algorithm; values skipped by the partner's type name; and what a
    /// partner feed's deletions and updates did.
    public static func counts(_ list: HashList) -> [(String, JSONValue)] {
        let unsupported = list.counts.filter { !$0.key.isSupported }.sorted { $0.key < $1.key }
        return [
            ("counts", .object(list.counts.sorted { $0.key < $1.key }.map { ($0.key.rawValue, .int($0.value)) })),
            ("unsupported", .int(unsupported.map(\.value).reduce(0, +))),
            ("unsupported_by_type", .object(unsupported.map { ($0.key.rawValue, .int($0.value)) })),
            ("skipped", .object(list.skipped.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
            ("withdrawn", .int(list.withdrawn)),
            ("replaced", .int(list.replaced)),
        ]
    }
}
