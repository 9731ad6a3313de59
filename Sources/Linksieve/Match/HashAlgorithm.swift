/// The kinds of value a hash-list entry can hold, named as they appear in list files.
public enum HashAlgorithm: String, CaseIterable, Sendable, Codable, Comparable {
    case md5
    case sha1
    case sha256
    case pdq
    case url
    case urlSHA256 = "url-sha256"
    /// MD5 of the normalised URL, as python-threatexchange's `url_md5` signal lists it.
    case urlMD5 = "url-md5"
    case domain
    /// Proprietary (Microsoft); partner lists carry it, linksieve cannot compute it.
    case photoDNA = "photodna"

    /// Whether linksieve can compute and match this algorithm.
    public var isSupported: Bool { self != .photoDNA }

    public static func < (a: HashAlgorithm, b: HashAlgorithm) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

extension HashAlgorithm {
    /// The one spelling of `value` under which list entries and observed values compare equal.
    /// Throws a message for the list error; it does not repeat the value, since lists are partner property.
    func canonicalValue(_ value: String) throws(HashValueProblem) -> String {
        let trimmed = ASCIIText.trimmed(value)
        switch self {
        case .md5, .urlMD5: return try Self.lowerHex(trimmed, digits: 32, algorithm: self)
        case .sha1: return try Self.lowerHex(trimmed, digits: 40, algorithm: self)
        case .sha256, .urlSHA256: return try Self.lowerHex(trimmed, digits: 64, algorithm: self)
        case .pdq:
            guard let hash = PDQHash(hex: trimmed) else {
                throw HashValueProblem(message: "a pdq value is 64 hex digits (found \(trimmed.utf8.count) characters)")
            }
            return hash.hex
        case .url:
            do {
                return try URLNormalizer.normalize(trimmed).string
            } catch {
                throw HashValueProblem(message: "not a usable URL: \(error.message)")
            }
        case .domain:
            do {
                return try URLNormalizer.normalizeDomain(trimmed)
            } catch {
                throw HashValueProblem(message: "a domain value is a host name such as example.com (\(error.message))")
            }
        case .photoDNA:
            guard !trimmed.isEmpty else { throw HashValueProblem(message: "the photodna value is empty") }
            return trimmed
        }
    }

    private static func lowerHex(_ value: String, digits: Int, algorithm: HashAlgorithm) throws(HashValueProblem) -> String {
        let lower = value.lowercased()
        guard lower.utf8.count == digits, lower.utf8.allSatisfy({ ASCIIText.hexValue($0) != nil }) else {
            throw HashValueProblem(
                message: "a \(algorithm.rawValue) value is \(digits) hex digits (found \(value.utf8.count) characters)")
        }
        return lower
    }
}

/// Why one list value is unusable; the loader adds file and line.
struct HashValueProblem: Error {
    let message: String
}
