/// The match stage with the run's thresholds: what a URL, or a fetched body's hashes, match.
/// Scan and rescan both go through it, so a rescan finds exactly what a fresh scan would.
struct MatchPolicy {
    let matcher: HashMatcher
    let pdqThreshold: Int
    let pdqMinQuality: Int

    func matches(url: NormalizedURL) -> [Match] {
        matcher.match(url: url)
    }

    /// Digest matches, then PDQ matches unless the image's quality is too low to trust them.
    func matches(content: RowResult.Content) -> [Match] {
        var matches = matcher.match(digests: content.digests)
        if let hex = content.pdq, let pdq = PDQHash(hex: hex), let quality = content.pdqQuality, quality >= pdqMinQuality {
            matches += matcher.match(pdq: pdq, threshold: pdqThreshold)
        }
        return matches
    }
}
