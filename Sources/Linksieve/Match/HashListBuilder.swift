/// Gathers one list's entries as a loader reads them: digests go straight into compact binary sets,
/// URLs, domains and PhotoDNA values into string tables, labels into one interned table.
struct HashListBuilder {
    private(set) var labels = HashListLabels()
    private var md5 = DigestSetBuilder<DigestKey128>()
    private var sha1 = DigestSetBuilder<DigestKey160>()
    private var sha256 = DigestSetBuilder<DigestKey256>()
    private var urlSHA256 = DigestSetBuilder<DigestKey256>()
    private var urlMD5 = DigestSetBuilder<DigestKey128>()
    private var pdq = DigestSetBuilder<DigestKey256>()
    /// url, domain and photodna: canonical value -> label; the first occurrence wins.
    private var text: [HashAlgorithm: [String: UInt32]] = [:]
    private var textDuplicates = 0
    /// What a partner feed held besides its entries: skipped types, deletions and replaced records.
    var feed = FeedCounts()

    struct FeedCounts: Sendable {
        var skipped: [String: Int] = [:]
        var withdrawn = 0
        var replaced = 0
    }

    /// Counts a value of a type linksieve does not match (a video perceptual hash, text, a link-only fingerprint).
    mutating func skip(_ type: String) {
        feed.skipped[type, default: 0] += 1
    }

    mutating func label(_ label: String, category: String?) -> UInt32 {
        labels.intern(label: label, category: category)
    }

    /// Adds a digest-valued entry (md5, sha1, sha256, url-sha256, url-md5, pdq) from its hex digits, without a String.
    /// Throws the same message as `HashAlgorithm.canonicalValue` when the digits are not a value of the algorithm.
    mutating func addDigest(
        _ algorithm: HashAlgorithm, hex: UnsafeBufferPointer<UInt8>, label: UInt32
    ) throws(HashValueProblem) {
        let added: Bool
        switch algorithm {
        case .md5: added = Self.append(hex, label, to: &md5)
        case .sha1: added = Self.append(hex, label, to: &sha1)
        case .sha256: added = Self.append(hex, label, to: &sha256)
        case .urlSHA256: added = Self.append(hex, label, to: &urlSHA256)
        case .urlMD5: added = Self.append(hex, label, to: &urlMD5)
        case .pdq: added = Self.append(hex, label, to: &pdq)
        case .url, .domain, .photoDNA:
            let value = String(decoding: hex, as: UTF8.self)
            return try add(algorithm, value: value, label: label)
        }
        if !added { throw Self.problem(algorithm, hex: hex) }
    }

    /// Words the problem as `HashAlgorithm.canonicalValue` does, so every layout reports a bad digest alike.
    private static func problem(_ algorithm: HashAlgorithm, hex: UnsafeBufferPointer<UInt8>) -> HashValueProblem {
        do {
            _ = try algorithm.canonicalValue(String(decoding: hex, as: UTF8.self))
        } catch {
            return error
        }
        return HashValueProblem(message: "a \(algorithm.rawValue) value is hex digits only")
    }

    /// Adds an entry of any algorithm from its text, checked and brought to canonical form.
    mutating func add(_ algorithm: HashAlgorithm, value: String, label: UInt32) throws(HashValueProblem) {
        if algorithm.isDigest {
            var bytes = Array(ASCIIText.trimmed(value).utf8)
            return try bytes.withUnsafeMutableBufferPointer { (buffer) throws(HashValueProblem) in
                try addDigest(algorithm, hex: UnsafeBufferPointer(buffer), label: label)
            }
        }
        let canonical = try algorithm.canonicalValue(value)
        if text[algorithm, default: [:]][canonical] != nil {
            textDuplicates += 1
        } else {
            text[algorithm, default: [:]][canonical] = label
        }
    }

    private static func append<Key: DigestKey>(
        _ hex: UnsafeBufferPointer<UInt8>, _ label: UInt32, to builder: inout DigestSetBuilder<Key>
    ) -> Bool {
        guard let key = Key(hex: hex) else { return false }
        builder.append(key, label: label)
        return true
    }

    mutating func build(name: String, path: String, sha256 fileDigest: String, format: HashListFormat) -> HashList {
        let md5 = md5.build()
        let sha1 = sha1.build()
        let sha256 = sha256.build()
        let urlSHA256 = urlSHA256.build()
        let urlMD5 = urlMD5.build()
        let pdq = pdq.build()
        var counts = [HashAlgorithm: Int]()
        let sizes: [(HashAlgorithm, Int)] = [
            (.md5, md5.set.count), (.sha1, sha1.set.count), (.sha256, sha256.set.count),
            (.urlSHA256, urlSHA256.set.count), (.urlMD5, urlMD5.set.count), (.pdq, pdq.set.count),
        ] + text.map { ($0.key, $0.value.count) }
        for (algorithm, size) in sizes where size > 0 { counts[algorithm] = size }
        let duplicates = md5.duplicates + sha1.duplicates + sha256.duplicates + urlSHA256.duplicates
            + urlMD5.duplicates + pdq.duplicates + textDuplicates
        return HashList(
            name: name, path: path, sha256: fileDigest, format: format, counts: counts, duplicates: duplicates,
            feed: feed, storage: HashList.Storage(
                labels: labels, md5: md5.set, sha1: sha1.set, sha256: sha256.set, urlSHA256: urlSHA256.set,
                urlMD5: urlMD5.set, pdq: pdq.set, text: text))
    }
}

extension HashAlgorithm {
    /// Algorithms whose values are fixed-width digests, held as binary keys.
    var isDigest: Bool {
        switch self {
        case .md5, .sha1, .sha256, .urlSHA256, .urlMD5, .pdq: return true
        case .url, .domain, .photoDNA: return false
        }
    }

    /// How many hex digits a digest value has; nil for the algorithms whose values are text.
    var hexDigits: Int? {
        switch self {
        case .md5, .urlMD5: return 32
        case .sha1: return 40
        case .sha256, .urlSHA256, .pdq: return 64
        case .url, .domain, .photoDNA: return nil
        }
    }
}
