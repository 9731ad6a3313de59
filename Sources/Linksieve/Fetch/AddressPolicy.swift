/// Decides whether the fetcher may connect to an address. Untrusted URLs (and their redirects)
/// must not reach loopback, private networks or cloud metadata endpoints, so the check runs on
/// the address each socket is opened for, not on the host name in the URL.
public struct AddressPolicy: Sendable {
    /// Lets every address through (tests and deliberate internal crawls).
    public var allowPrivateAddresses: Bool
    /// Networks allowed even though their range is refused (`--allow-address CIDR`).
    public var permittedNetworks: [CIDR]

    public init(allowPrivateAddresses: Bool = false, permittedNetworks: [CIDR] = []) {
        self.allowPrivateAddresses = allowPrivateAddresses
        self.permittedNetworks = permittedNetworks
    }

    /// Whether a connection to `address` may be opened.
    public func permits(_ address: IPAddress) -> Bool {
        allowPrivateAddresses || permittedNetworks.contains { $0.contains(address) }
            || Self.nonPublicRange(of: address) == nil
    }

    /// Whether a URL may name `host` at all. Names in the special-use "localhost" domain (RFC 6761)
    /// always mean this machine, whatever they resolve to, so they are refused unless private
    /// addresses are allowed wholesale: `--allow-address 127.0.0.1/32` lets through URLs spelled
    /// with that address, not every name the hosts file maps onto it.
    public func permits(host: String) -> Bool {
        allowPrivateAddresses || !Self.isLocalhostName(host)
    }

    /// "localhost", "LOCALHOST.", "img.localhost" and the like.
    static func isLocalhostName(_ host: String) -> Bool {
        var name = host.lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        return name == "localhost" || name.hasSuffix(".localhost")
    }

    /// Whether a connection to the `sockaddr` in `socketAddress` may be opened; unknown families never are.
    public func permits(socketAddress: UnsafeRawBufferPointer) -> Bool {
        guard let address = IPAddress(socketAddress: socketAddress) else { return false }
        return permits(address)
    }

    /// The special-purpose range `address` falls in, or nil for a globally routable address.
    /// IPv6 forms that embed an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by it.
    public static func nonPublicRange(of address: IPAddress) -> NonPublicRange? {
        switch address {
        case .v4(let bytes): return nonPublicRange(v4: bytes)
        case .v6(let bytes): return nonPublicRange(v6: bytes)
        }
    }

    // IANA IPv4 Special-Purpose Address Registry, plus multicast and the former class E.
    private static let v4Ranges: [(prefix: [UInt8], bits: Int, range: NonPublicRange)] = [
        ([0, 0, 0, 0], 8, .unspecified),
        ([10, 0, 0, 0], 8, .privateNetwork),
        ([100, 64, 0, 0], 10, .sharedAddressSpace),
        ([127, 0, 0, 0], 8, .loopback),
        ([169, 254, 0, 0], 16, .linkLocal),
        ([172, 16, 0, 0], 12, .privateNetwork),
        ([192, 0, 0, 0], 24, .reserved),
        ([192, 0, 2, 0], 24, .documentation),
        ([192, 88, 99, 0], 24, .reserved),
        ([192, 168, 0, 0], 16, .privateNetwork),
        ([198, 18, 0, 0], 15, .benchmarking),
        ([198, 51, 100, 0], 24, .documentation),
        ([203, 0, 113, 0], 24, .documentation),
        ([224, 0, 0, 0], 4, .multicast),
        ([255, 255, 255, 255], 32, .broadcast),
        ([240, 0, 0, 0], 4, .reserved),
    ]

    private static let v6Ranges: [(prefix: [UInt8], bits: Int, range: NonPublicRange)] = [
        ([0x00, 0x64, 0xff, 0x9b, 0x00, 0x01], 48, .privateNetwork),
        ([0x01, 0x00, 0, 0, 0, 0, 0, 0], 64, .reserved),
        ([0x20, 0x01, 0x00, 0x00], 32, .tunnel),
        ([0x20, 0x01, 0x0d, 0xb8], 32, .documentation),
        ([0xfc], 7, .uniqueLocal),
        ([0xfe, 0x80], 10, .linkLocal),
        ([0xfe, 0xc0], 10, .siteLocal),
        ([0xff], 8, .multicast),
    ]

    private static func nonPublicRange(v4 bytes: [UInt8]) -> NonPublicRange? {
        v4Ranges.first { matches(bytes, prefix: $0.prefix, bits: $0.bits) }?.range
    }

    private static func nonPublicRange(v6 bytes: [UInt8]) -> NonPublicRange? {
        let zeros = [UInt8](repeating: 0, count: 16)
        if bytes == zeros { return .unspecified }
        if bytes == zeros.dropLast() + [1] { return .loopback }
        if let embedded = embeddedV4(bytes) { return nonPublicRange(v4: embedded) }
        return v6Ranges.first { matches(bytes, prefix: $0.prefix, bits: $0.bits) }?.range
    }

    /// The IPv4 address carried by IPv4-mapped (::ffff:0:0/96), IPv4-translated (::ffff:0:0:0/96),
    /// IPv4-compatible (::/96), NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses.
    private static func embeddedV4(_ bytes: [UInt8]) -> [UInt8]? {
        let head = bytes[0..<12]
        let carriesV4AtTail =
            head.elementsEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff])
            || head.elementsEqual([0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0])
            || head.allSatisfy { $0 == 0 }
            || head.elementsEqual([0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0])
        if carriesV4AtTail { return Array(bytes[12..<16]) }
        if bytes[0] == 0x20, bytes[1] == 0x02 { return Array(bytes[2..<6]) }
        return nil
    }

    private static func matches(_ bytes: [UInt8], prefix: [UInt8], bits: Int) -> Bool {
        var remaining = bits
        for (index, expected) in prefix.enumerated() where remaining > 0 {
            let width = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xff << (8 - width))
            if bytes[index] & mask != expected & mask { return false }
            remaining -= width
        }
        return true
    }
}
