/// The cryptographic digests of one fetched body, as lower-case hex.
public struct ContentDigests: Hashable, Sendable, Codable {
    public var md5: String
    public var sha1: String
    public var sha256: String

    public init(md5: String, sha1: String, sha256: String) {
        self.md5 = md5
        self.sha1 = sha1
        self.sha256 = sha256
    }
}
