/// The order in which the queue lists groups and rows. Every order is total (ties broken by row
/// number, then group), so keyset paging never repeats or skips an item.
public enum ReviewOrder: String, Sendable, CaseIterable, Codable {
    /// Borderline first, the default: PDQ matches by distance, highest first (the closest calls
    /// below the threshold need a reviewer most), then exact matches from lists with the `flag`
    /// role, and exact matches from `block` lists (vetted digests, URLs) last.
    case borderline
    /// Largest entry groups first (for rows: the rows of the largest groups first).
    case groupSize = "group-size"
    /// Manifest row order (for groups: by the first row each matched).
    case row
}
