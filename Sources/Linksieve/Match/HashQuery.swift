/// One hash to look up, as staff and benchmarks write it for `linksieve match`: `algorithm:value`,
/// for example `md5:d41d8cd98f00b204e9800998ecf8427e` or `url:https://example.com/a.jpg`.
public struct HashQuery: Sendable {
    /// What is looked up: a canonical value, a normalised URL, or a PDQ hash.
    public enum Subject: Sendable {
        case value(String)
        case url(NormalizedURL)
        case pdq(PDQHash)
    }

    public let algorithm: HashAlgorithm
    public let subject: Subject
    /// The query as written, trimmed; output lines repeat it so each match says what it answers.
    public let text: String

    /// Parses `algorithm:value`. The message of a thrown error says what is wrong without the value.
    public init(parsing line: String) throws(HashQueryError) {
        let text = ASCIIText.trimmed(line)
        guard let colon = text.firstIndex(of: ":") else {
            throw HashQueryError(message: "expected algorithm:value, for example md5:<32 hex digits>")
        }
        let name = text[..<colon].lowercased()
        guard let algorithm = HashAlgorithm(rawValue: name) else {
            let known = HashAlgorithm.allCases.filter(\.isSupported).map(\.rawValue).joined(separator: ", ")
            throw HashQueryError(message: "unknown algorithm \"\(name)\" (known: \(known))")
        }
        guard algorithm.isSupported else {
            throw HashQueryError(message: "\(name) is not computed by linksieve, so its entries are never matched")
        }
        let value = String(text[text.index(after: colon)...])
        let canonical: String
        do {
            canonical = try algorithm.canonicalValue(value)
        } catch {
            throw HashQueryError(message: error.message)
        }
        switch algorithm {
        case .pdq:
            guard let hash = PDQHash(hex: canonical) else { throw HashQueryError(message: "not a pdq hash") }
            subject = .pdq(hash)
        case .url:
            do {
                subject = .url(try URLNormalizer.normalize(canonical))
            } catch {
                throw HashQueryError(message: "not a usable URL: \(error.message)")
            }
        default:
            subject = .value(canonical)
        }
        self.algorithm = algorithm
        self.text = text
    }
}

/// Why a query line cannot be looked up; the caller adds where it came from.
public struct HashQueryError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
