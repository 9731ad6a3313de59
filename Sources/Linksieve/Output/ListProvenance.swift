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

    /// Entries per algorithm, and how many are of algorithms linksieve cannot compute (PhotoDNA:
    /// loaded, never matched).
    public static func counts(_ list: HashList) -> [(String, JSONValue)] {
        [
            ("counts", .object(list.counts.sorted { $0.key < $1.key }.map { ($0.key.rawValue, .int($0.value)) })),
            ("unsupported", .int(list.counts.filter { !$0.key.isSupported }.values.reduce(0, +))),
        ]
    }
}
