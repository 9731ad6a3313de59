/// Matches a row's URL, digests and PDQ hash against every loaded list. Digests are binary-key lookups
/// in each list's sorted set; PDQ goes through one `HammingIndex` over all lists. Built once per run
/// and shared by all workers.
public final class HashMatcher: Sendable {
    private let lists: [HashList]
    private let pdqIndex: HammingIndex
    /// Index entries of list `l` are `pdqListStarts[l] ..< pdqListStarts[l + 1]`, in the order of its PDQ set.
    private let pdqListStarts: [Int]

    /// `pdqLayout` trades memory for time per PDQ query (see `HammingIndex.Layout`): a rescan of millions
    /// of stored hashes wants `.sequential`.
    public init(lists: [HashList], pdqLayout: HammingIndex.Layout = .compact) {
        var hashes = [PDQHash]()
        hashes.reserveCapacity(lists.reduce(0) { $0 + $1.storage.pdq.count })
        var starts = [0]
        for list in lists {
            for key in list.storage.pdq.keys { hashes.append(key.pdq) }
            starts.append(hashes.count)
        }
        self.lists = lists
        pdqIndex = HammingIndex(hashes, layout: pdqLayout)
        pdqListStarts = starts
    }

    /// Bytes held by the PDQ index.
    public var pdqIndexBytes: Int { pdqIndex.memoryBytes }

    /// `url` entries equal to the normalised URL, `url-sha256` and `url-md5` entries equal to its digests, and `domain`
    /// entries equal to the host or one of its parent domains.
    public func match(url: NormalizedURL) -> [Match] {
        var found = lookUpText(.url, url.string, observed: url.string)
        if lists.contains(where: { $0.storage.urlSHA256.count > 0 }) {
            found += lookUpURLDigest(URLNormalizer.sha256Hex(of: url))
        }
        if lists.contains(where: { $0.storage.urlMD5.count > 0 }) {
            found += lookUpURLMD5(Digests.compute(Array(url.string.utf8)).md5)
        }
        found += lookUpDomain(url.host)
        return ordered(found, stage: .url)
    }

    /// Exact MD5, SHA-1 and SHA-256 matches of a fetched body.
    public func match(digests: ContentDigests) -> [Match] {
        ordered(lookUpMD5(digests.md5) + lookUpSHA1(digests.sha1) + lookUpSHA256(digests.sha256), stage: .bytes)
    }

    /// PDQ entries within `threshold` bits of `pdq`, nearest first.
    public func match(pdq: PDQHash, threshold: Int) -> [Match] {
        var found = [(list: Int, local: Int, distance: Int)]()
        pdqIndex.search(pdq, radius: threshold) { number, distance in
            var list = 0
            while pdqListStarts[list + 1] <= number { list += 1 }
            found.append((list, number - pdqListStarts[list], distance))
        }
        guard !found.isEmpty else { return [] }
        let observed = pdq.hex
        let matches = found.map { hit -> (distance: Int, list: Int, match: Match) in
            let set = lists[hit.list].storage.pdq
            let listed = Listed(list: hit.list, algorithm: .pdq, value: set.keys[hit.local].hex, label: set.labels[hit.local])
            return (hit.distance, hit.list, makeMatch(listed, stage: .pixels, observed: observed, distance: hit.distance))
        }
        return matches.sorted { a, b in (a.distance, a.list, a.match.entry) < (b.distance, b.list, b.match.entry) }
            .map(\.match)
    }

    /// The matches of one `linksieve match` query: exact lookups in the query's algorithm (a URL query
    /// also by its SHA-256 and its domains, as a scan matches it), PDQ within `pdqThreshold`.
    public func match(_ query: HashQuery, pdqThreshold: Int) -> [Match] {
        switch query.subject {
        case .url(let url): return match(url: url)
        case .pdq(let hash): return match(pdq: hash, threshold: pdqThreshold)
        case .value(let value):
            switch query.algorithm {
            case .md5: return ordered(lookUpMD5(value), stage: .bytes)
            case .sha1: return ordered(lookUpSHA1(value), stage: .bytes)
            case .sha256: return ordered(lookUpSHA256(value), stage: .bytes)
            case .urlSHA256: return ordered(lookUpURLDigest(value), stage: .url)
            case .urlMD5: return ordered(lookUpURLMD5(value), stage: .url)
            case .domain: return ordered(lookUpDomain(value), stage: .url)
            case .url, .pdq, .photoDNA: return []
            }
        }
    }

    /// A matched entry before it becomes a `Match`.
    private struct Listed {
        let list: Int
        let algorithm: HashAlgorithm
        let value: String
        let label: UInt32
    }

    private func lookUp<Key: DigestKey>(
        _ algorithm: HashAlgorithm, _ hex: String, in set: (HashList) -> DigestSet<Key>
    ) -> [(Listed, String)] {
        guard let key = Key(hex: hex) else { return [] }
        var found = [(Listed, String)]()
        for (index, list) in lists.enumerated() {
            let entries = set(list)
            if entries.count > 0, let position = entries.index(of: key) {
                found.append((Listed(list: index, algorithm: algorithm, value: key.hex, label: entries.labels[position]), hex))
            }
        }
        return found
    }

    private func lookUpMD5(_ hex: String) -> [(Listed, String)] { lookUp(.md5, hex) { $0.storage.md5 } }
    private func lookUpSHA1(_ hex: String) -> [(Listed, String)] { lookUp(.sha1, hex) { $0.storage.sha1 } }
    private func lookUpSHA256(_ hex: String) -> [(Listed, String)] { lookUp(.sha256, hex) { $0.storage.sha256 } }
    private func lookUpURLDigest(_ hex: String) -> [(Listed, String)] { lookUp(.urlSHA256, hex) { $0.storage.urlSHA256 } }
    private func lookUpURLMD5(_ hex: String) -> [(Listed, String)] { lookUp(.urlMD5, hex) { $0.storage.urlMD5 } }

    private func lookUpText(_ algorithm: HashAlgorithm, _ value: String, observed: String) -> [(Listed, String)] {
        lists.enumerated().compactMap { index, list in
            list.storage.text[algorithm]?[value].map { (Listed(list: index, algorithm: algorithm, value: value, label: $0), observed) }
        }
    }

    private func lookUpDomain(_ host: String) -> [(Listed, String)] {
        guard lists.contains(where: { $0.storage.text[.domain] != nil }) else { return [] }
        return Self.domainAndParents(of: host).flatMap { lookUpText(.domain, $0, observed: host) }
    }

    /// Sorted by list, then algorithm, then entry value, so a row's matches read the same on every run.
    private func ordered(_ found: [(Listed, String)], stage: MatchStage) -> [Match] {
        found.sorted { a, b in (a.0.list, a.0.algorithm, a.0.value) < (b.0.list, b.0.algorithm, b.0.value) }
            .map { makeMatch($0.0, stage: stage, observed: $0.1, distance: nil) }
    }

    private func makeMatch(_ listed: Listed, stage: MatchStage, observed: String, distance: Int?) -> Match {
        let list = lists[listed.list]
        let label = list.label(listed.label)
        return Match(
            stage: stage, algorithm: listed.algorithm, list: list.name, label: label.label, category: label.category,
            entry: listed.value, observed: observed, distance: distance)
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
