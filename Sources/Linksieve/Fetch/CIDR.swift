/// An IPv4 or IPv6 network written as "address/prefix" ("127.0.0.1/32", "fd00::/8"), so an operator
/// can let the fetcher reach just the internal ranges a deliberate crawl needs instead of all of them.
public struct CIDR: Hashable, Sendable, CustomStringConvertible {
    /// The network address, with the bits past the prefix cleared.
    public let network: IPAddress
    public let prefixLength: Int

    /// Parses "address/prefix"; a bare address means a single host (/32 or /128). Nil for anything
    /// else, including host bits set past the prefix ("10.0.0.1/8"), which usually hides a typo.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2, let address = IPAddress(String(parts[0])) else { return nil }
        let width = address.bytes.count * 8
        var length = width
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), (0...width).contains(parsed), parts[1].allSatisfy({ $0.isASCII && $0.isNumber }) else {
                return nil
            }
            length = parsed
        }
        guard Self.masked(address.bytes, to: length) == address.bytes else { return nil }
        self.network = address
        self.prefixLength = length
    }

    /// Whether `address` lies in this network. An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is the
    /// IPv4 address it carries, since a socket to it reaches exactly that host.
    public func contains(_ address: IPAddress) -> Bool {
        let candidate = address.unmappingIPv4
        guard candidate.bytes.count == network.bytes.count else { return false }
        return Self.masked(candidate.bytes, to: prefixLength) == network.bytes
    }

    public var description: String { "\(network)/\(prefixLength)" }

    private static func masked(_ bytes: [UInt8], to length: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let kept = min(8, max(0, length - index * 8))
            return kept == 0 ? 0 : byte & UInt8(truncatingIfNeeded: 0xff << (8 - kept))
        }
    }
}
