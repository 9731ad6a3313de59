/// The match stage with the run's thresholds: what a URL, or a fetched body's hashes, match.
/// Scan and rescan both go through it, so a rescan finds exactly what a fresh scan would.
struct MatchPolicy {
    let matcher: HashMatcher
    let pdqThreshold: Int
    let pdqMinQuality: Int
    /// Whether any list has URL, URL-hash or domain entries; without them URLs need no normalising.
    let hasURLEntries: Bool

    init(lists: [HashList], pdqThreshold: Int, pdqMinQuality: Int) {
        matcher = HashMatcher(lists: lists)
        self.pdqThreshold = pdqThreshold
        self.pdqMinQuality = pdqMinQuality
        hasURLEntries = lists.contains { list in
            [HashAlgorithm.url, .urlSHA256, .domain].contains { list.counts[$0, default: 0] > 0 }
        }
    }

    func matches(url: NormalizedURL) -> [Match] {
        matcher.match(url: url)
    }

    /// URL matches for a URL as the manifest wrote it (none if it does not normalise).
    func matches(rawURL: String) -> [Match] {
        guard hasURLEntries, let url = try? URLNormalizer.normalize(rawURL) else { return [] }
        return matcher.match(url: url)
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
