/// One record of a partner feed (an NCMEC entry or tombstone, a StopNCII hash record, a Tech Against
/// Terrorism result) as read, before later records of the same entry replace or delete it.
struct PartnerRecord {
    /// One value the record carries: a matchable algorithm with its canonical value, or a type
    /// linksieve does not match (named as the partner names it) that is counted as skipped.
    enum Signal {
        case entry(HashAlgorithm, String)
        case skipped(String)
    }

    /// Identifies the entry across pages: member + entry id (NCMEC), signal type + value (StopNCII, TAT).
    let key: String
    /// Seconds since 1970; a record with a later timestamp wins whatever order the files are in.
    let timestamp: Double
    /// A tombstone or a Withdrawn/Deleted record: the entry is removed.
    let withdrawn: Bool
    let signals: [Signal]
    let label: String
    let category: String?
}
