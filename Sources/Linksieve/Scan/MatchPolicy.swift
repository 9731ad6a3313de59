/// The match stage with the run's thresholds: what a URL, or a fetched body's hashes, match.
/// Scan and rescan both go through it, so a rescan finds exactly what a fresh scan would.
struct MatchPolicy {
    let matcher: HashMatcher
    let pdqThreshold: Int
    let pdqMinQuality: Int
    /// Whether any list has URL, URL-hash or domain entries; without them URLs need no normalising.
    let hasURLEntries: Bool

    /// `pdqLayout`: `.sequential` trades a little memory for ~4x cheaper PDQ queries, worth it when
    /// millions of stored hashes are re-matched (rescan); a scan's matching is dwarfed by decoding.
    init(lists: [HashList], pdqThreshold: Int, pdqMinQuality: Int, pdqLayout: HammingIndex.Layout = .compact) {
        matcher = HashMatcher(lists: lists, pdqLayout: pdqLayout)
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

    /// The URL stage for redirect targets: a target that cannot be canonicalised, or whose canonical
    /// form matches a `url`, `url-sha256` or `domain` entry, is refused (its matches at stage
    /// `redirect`) before the fetch requests it.
    var redirectGate: RedirectGate {
        let matcher = matcher
        return RedirectGate { target in
            let url: NormalizedURL
            do throws(URLProblem) {
                url = try URLNormalizer.normalize(target)
            } catch {
                return RedirectRefusal(target: target, matches: [], problem: error)
            }
            let matches = matcher.match(url: url)
            return matches.isEmpty ? nil : RedirectRefusal(target: url.string, matches: matches.map { $0.at(stage: .redirect) })
        }
    }

    /// URL matches of the URL a fetch ended at after redirects (stage `redirect`), when it differs
    /// from the row's own: how a rescan finds rows that redirect into a newly listed URL or domain.
    func matches(finalURL: String, rowURL: String?) -> [Match] {
        guard hasURLEntries, let final = try? URLNormalizer.normalize(finalURL),
              final.string != rowURL.flatMap({ try? URLNormalizer.normalize($0).string })
        else { return [] }
        return matcher.match(url: final).map { $0.at(stage: .redirect) }
    }

    /// Digest matches, then PDQ matches unless the image's quality is too low to trust them;
    /// with dihedral hashes, also entries that match a rotation or flip (and not the image as is).
    func matches(content: RowResult.Content) -> [Match] {
        var matches = matcher.match(digests: content.digests)
        guard let hex = content.pdq, let pdq = PDQHash(hex: hex), let quality = content.pdqQuality,
              quality >= pdqMinQuality
        else { return matches }
        let upright = matcher.match(pdq: pdq, threshold: pdqThreshold)
        matches += upright
        var found = Set(upright.map { $0.list + "\u{0}" + $0.entry })
        for (variant, hash) in content.dihedralHashes where variant != PDQDihedral.original.rawValue {
            for match in matcher.match(pdq: hash, threshold: pdqThreshold)
            where found.insert(match.list + "\u{0}" + match.entry).inserted {
                matches.append(Match(
                    stage: match.stage, algorithm: match.algorithm, list: match.list, label: match.label,
                    category: match.category, entry: match.entry, observed: hash.hex, distance: match.distance,
                    variant: variant))
            }
        }
        return matches
    }
}
