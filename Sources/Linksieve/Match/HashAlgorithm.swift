/// The kinds of value a hash-list entry can hold, named as they appear in list files.
public enum HashAlgorithm: String, CaseIterable, Sendable, Codable, Comparable {
    case md5
    case sha1
    case sha256
    case pdq
    case url
    case urlSHA256 = "url-sha256"
    case domain
    /// Proprietary (Microsoft); partner lists carry it, linksieve cannot compute it.
    case photoDNA = "photodna"

    /// Whether linksieve can compute and match this algorithm.
    public var isSupported: Bool { self != .photoDNA }

    public static func < (a: HashAlgorithm, b: HashAlgorithm) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
