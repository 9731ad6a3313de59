/// Matches a row's URL, digests and PDQ hash against every loaded list. Exact algorithms are dictionary
/// lookups; PDQ is a linear Hamming scan. Built once per run and shared by all workers.
public final class HashMatcher: Sendable {
    /// An entry and the position of its list, which orders the matches.
    private struct Listed: Sendable {
        let list: Int
        let entry: HashListEntry
    }

    private let listNames: [String]
    /// For each exactly matched algorithm: canonical value -> entries holding it, in list order.
    private let exact: [HashAlgorithm: [String: [Listed]]]
    private let pdqHashes: [PDQHash]
    /// `pdqEntries[i]` is the entry of `pdqHashes[i]`.
    private let pdqEntries: [Listed]

    public init(lists: [HashList]) {
        var exact = [HashAlgorithm: [String: [Listed]]]()
        var pdqHashes = [PDQHash]()
        var pdqEntries = [Listed]()
        for (index, list) in lists.enumerated() {
            for entry in list.entries where entry.algorithm.isSupported {
                let listed = Listed(list: index, entry: entry)
                if entry.algorithm == .pdq, let hash = PDQHash(hex: entry.value) {
                    pdqHashes.append(hash)
                    pdqEntries.append(listed)
                } else {
                    exact[entry.algorithm, default: [:]][entry.value, default: []].append(listed)
                }
            }
        }
        listNames = lists.map(\.name)
        self.exact = exact
        self.pdqHashes = pdqHashes
        self.pdqEntries = pdqEntries
    }

    /// `url` entries equal to the normalised URL, `url-sha256` entries equal to its digest, and `domain`
    /// entries equal to the host or one of its parent domains.
    public func match(url: NormalizedURL) -> [Match] {
        var found = lookUp(.url, url.string, observed: url.string)
        if exact[.urlSHA256] != nil {
            let digest = URLNormalizer.sha256Hex(of: url)
            found += lookUp(.urlSHA256, digest, observed: digest)
        }
        if exact[.domain] != nil {
            for domain in Self.domainAndParents(of: url.host) {
                found += lookUp(.domain, domain, observed: url.host)
            }
        }
        return ordered(found, stage: .url)
    }

    /// Exact MD5, SHA-1 and SHA-256 matches of a fetched body.
    public func match(digests: ContentDigests) -> [Match] {
        let found = lookUp(.md5, digests.md5, observed: digests.md5)
            + lookUp(.sha1, digests.sha1, observed: digests.sha1)
            + lookUp(.sha256, digests.sha256, observed: digests.sha256)
        return ordered(found, stage: .bytes)
    }

    /// PDQ entries within `threshold` bits of `pdq`, nearest first.
    public func match(pdq: PDQHash, threshold: Int) -> [Match] {
        var found = [(listed: Listed, distance: Int)]()
        for (index, hash) in pdqHashes.enumerated() {
            let distance = pdq.distance(to: hash)
            if distance <= threshold { found.append((pdqEntries[index], distance)) }
        }
        found.sort { a, b in
            (a.distance, a.listed.list, a.listed.entry.value) < (b.distance, b.listed.list, b.listed.entry.value)
        }
        let observed = pdq.hex
        return found.map { makeMatch($0.listed, stage: .pixels, observed: observed, distance: $0.distance) }
    }

    private func lookUp(_ algorithm: HashAlgorithm, _ value: String, observed: String) -> [(Listed, String)] {
        (exact[algorithm]?[value] ?? []).map { ($0, observed) }
    }

    /// Sorted by list, then algorithm, then entry value, so a row's matches read the same on every run.
    private func ordered(_ found: [(Listed, String)], stage: MatchStage) -> [Match] {
        found.sorted { a, b in
            (a.0.list, a.0.entry.algorithm, a.0.entry.value) < (b.0.list, b.0.entry.algorithm, b.0.entry.value)
        }
        .map { makeMatch($0.0, stage: stage, observed: $0.1, distance: nil) }
    }

    private func makeMatch(_ listed: Listed, stage: MatchStage, observed: String, distance: Int?) -> Match {
        Match(
            stage: stage, algorithm: listed.entry.algorithm, list: listNames[listed.list], label: listed.entry.label,
            category: listed.entry.category, entry: listed.entry.value, observed: observed, distance: distance)
    }

    /// "a.b.example.com" gives itself, "b.example.com", "example.com" and "com"; an IP address only itself.
    static func domainAndParents(of host: String) -> [String] {
        let isIPAddress = host.contains(":") || host.allSatisfy { $0 == "." || $0.isASCII && $0.isNumber }
        guard !isIPAddress else { return [host] }
        var domains = [host]
        var rest = Substring(host)
        while let dot = rest.firstIndex(of: ".") {
            rest = rest[rest.index(after: dot)...]
            if !rest.isEmpty { domains.append(String(rest)) }
        }
        return domains
    }
}
