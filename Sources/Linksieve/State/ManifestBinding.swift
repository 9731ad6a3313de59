/// Which manifest a state database describes: where it is, the column its URLs came from, and
/// a fingerprint that changes if the file does.
public struct ManifestBinding: Sendable, Equatable {
    public var path: String
    public var identity: String
    public var urlColumn: String?

    public init(path: String, identity: String, urlColumn: String?) {
        self.path = path
        self.identity = identity
        self.urlColumn = urlColumn
    }
}
