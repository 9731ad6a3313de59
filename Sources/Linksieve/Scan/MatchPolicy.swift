/// The match stage with the run's thresholds and list policy: what a URL, or a fetched body's hashes,
/// match, and what each match does to the row. Scan and rescan both go through it, so a rescan finds
/// exactly what a fresh scan would.
struct MatchPolicy {
    let matcher: HashMatcher
    let pdqThreshold: Int
    let pdqMinQuality: Int
    let lists: ListPolicy
    /// Whether any list has URL, URL-hash or domain entries; without them URLs need no normalising.
    let hasURLEntries: Bool
    /// The widest PDQ radius and the lowest quality any list accepts: the index is searched once with
    /// them, and each match is then held to its own list's settings.
    private let widestThreshold: Int
    private let lowestQuality: Int
    private let thresholds: [String: Int]
    private let minQualities: [String: Int]

    /// `pdqLayout`: `.sequential` trades a little memory for ~4x cheaper PDQ queries, worth it when
    /// millions of stored hashes are re-matched (rescan); a scan's matching is dwarfed by decoding.
    init(
        lists: [HashList], pdqThreshold: Int, pdqMinQuality: Int, policy: ListPolicy = .none,
        pdqLayout: HammingIndex.Layout = .compact
    ) {
        matcher = HashMatcher(lists: lists, pdqLayout: pdqLayout)
        self.pdqThreshold = pdqThreshold
        self.pdqMinQuality = pdqMinQuality
        self.lists = policy
        hasURLEntries = lists.contains { list in
            [HashAlgorithm.url, .urlSHA256, .urlMD5, .domain].contains { list.counts[$0, default: 0] > 0 }
        }
        var thresholds: [String: Int] = [:]
        var minQualities: [String: Int] = [:]
        for list in lists {
            let rule = policy.rule(for: list.name)
            thresholds[list.name] = rule.pdqThreshold ?? pdqThreshold
            minQualities[list.name] = rule.minQuality ?? pdqMinQuality
        }
        self.thresholds = thresholds
        self.minQualities = minQualities
        widestThreshold = thresholds.values.max() ?? pdqThreshold
        lowestQuality = minQualities.values.min() ?? pdqMinQuality
    }

    func matches(url: NormalizedURL) -> [Match] {
        resolve(matcher.match(url: url))
    }

    /// URL matches for a URL as the manifest wrote it (none if it does not normalise).
    func matches(rawURL: String) -> [Match] {
        guard hasURLEntries, let url = try? URLNormalizer.normalize(rawURL) else { return [] }
        return resolve(matcher.match(url: url))
    }

    /// The URL stage for redirect targets: a target that cannot be canonicalised, or whose canonical
    /// form matches a `url`, `url-sha256` or `domain` entry, is refused (its matches at stage
    /// `redirect`) before the fetch requests it.
    /// A target whose matches do not quarantine (flag-role lists, negative suppression) is let through.
    var redirectGate: RedirectGate {
        let policy = self
        return RedirectGate { target in
            let url: NormalizedURL
            do throws(URLProblem) {
                url = try URLNormalizer.normalize(target)
            } catch {
                return RedirectRefusal(target: target, matches: [], problem: error)
            }
            let matches = policy.resolve(policy.matcher.match(url: url).map { $0.at(stage: .redirect) })
            return policy.quarantines(matches) ? RedirectRefusal(target: url.string, matches: matches) : nil
        }
    }

    /// URL matches of the URL a fetch ended at after redirects (stage `redirect`), when it differs
    /// from the row's own: how a rescan finds rows that redirect into a newly listed URL or domain.
    func matches(finalURL: String, rowURL: String?) -> [Match] {
        guard hasURLEntries, let final = try? URLNormalizer.normalize(finalURL),
              final.string != rowURL.flatMap({ try? URLNormalizer.normalize($0).string })
        else { return [] }
        return resolve(matcher.match(url: final).map { $0.at(stage: .redirect) })
    }

    /// Digest matches, then PDQ matches from lists that trust an image of this quality, each within its
    /// list's threshold; with dihedral hashes, also entries that match a rotation or flip (and not the
    /// image as is). `urlMatches` (flags, or suppressed, from before the fetch) are resolved with them.
    func matches(content: RowResult.Content, urlMatches: [Match] = []) -> [Match] {
        var matches = urlMatches + matcher.match(digests: content.digests)
        guard let hex = content.pdq, let pdq = PDQHash(hex: hex), let quality = content.pdqQuality,
              quality >= lowestQuality
        else { return resolve(matches) }
        let accepts = { (match: Match) -> Bool in
            match.distance ?? 0 <= thresholds[match.list, default: pdqThreshold]
                && quality >= minQualities[match.list, default: pdqMinQuality]
        }
        let upright = matcher.match(pdq: pdq, threshold: widestThreshold).filter(accepts)
        matches += upright
        var found = Set(upright.map { $0.list + "\u{0}" + $0.entry })
        for (variant, hash) in content.dihedralHashes where variant != PDQDihedral.original.rawValue {
            for match in matcher.match(pdq: hash, threshold: widestThreshold)
            where accepts(match) && found.insert(match.list + "\u{0}" + match.entry).inserted {
                matches.append(Match(
                    stage: match.stage, algorithm: match.algorithm, list: match.list, label: match.label,
                    category: match.category, entry: match.entry, observed: hash.hex, distance: match.distance,
                    variant: variant))
            }
        }
        return resolve(matches)
    }

    /// Whether a row with these (resolved) matches is quarantined.
    func quarantines(_ matches: [Match]) -> Bool {
        matches.contains(where: \.quarantines)
    }

    /// Gives each match its list's role and category; a match on a negative list overrides every match
    /// of another list for the row, which then names the negative entry that suppressed it.
    private func resolve(_ found: [Match]) -> [Match] {
        guard !lists.rules.isEmpty, !found.isEmpty else { return found }
        var resolved = found.map { match -> Match in
            let rule = lists.rule(for: match.list)
            var match = match
            match.role = rule.role
            if let category = rule.category {
                match = Match(
                    stage: match.stage, algorithm: match.algorithm, list: match.list, label: match.label,
                    category: category, entry: match.entry, observed: match.observed, distance: match.distance,
                    variant: match.variant)
                match.role = rule.role
            }
            return match
        }
        if let negative = resolved.first(where: { $0.role == .negative }) {
            for index in resolved.indices where resolved[index].role != .negative {
                resolved[index].suppressedBy = negative.list + ":" + negative.entry
            }
        }
        return resolved
    }
}
