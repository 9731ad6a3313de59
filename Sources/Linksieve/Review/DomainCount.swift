/// One domain of an entry group and how many of the group's rows it holds: a logo matched across
/// thousands of sites looks different from one site's copies of one image.
public struct DomainCount: Sendable, Hashable, Codable {
    public var domain: String
    public var rows: Int

    public init(domain: String, rows: Int) {
        self.domain = domain
        self.rows = rows
    }
}
