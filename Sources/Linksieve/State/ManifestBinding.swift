/// Which manifest a state database describes: where it is, the column its URLs came from, and
/// a fingerprint that changes if the file does.
public struct ManifestBinding: Sendable, Equatable {
    public var path: String
    /// The whole-file fingerprint (`sha256:<hex> size=<bytes>`).
    public var identity: String
    public var urlColumn: String?
    /// The sampled fingerprint states before schema version 3 kept, when known: how such a state
    /// recognises its manifest before its fingerprint is upgraded.
    public var sampledIdentity: String?

    public init(path: String, identity: String, urlColumn: String?) {
        self.path = path
        self.identity = identity
        self.urlColumn = urlColumn
    }
}
