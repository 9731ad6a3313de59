/// Why an address is not a public Internet host; the address policy refuses every one of these.
public enum NonPublicRange: String, Sendable, CaseIterable {
    /// 0.0.0.0/8, ::
    case unspecified
    /// 127.0.0.0/8, ::1
    case loopback
    /// RFC 1918 (10/8, 172.16/12, 192.168/16) and local-use NAT64 (64:ff9b:1::/48).
    case privateNetwork = "private"
    /// Carrier-grade NAT, 100.64.0.0/10 (RFC 6598).
    case sharedAddressSpace = "shared"
    /// 169.254.0.0/16 (where cloud metadata services live), fe80::/10.
    case linkLocal = "link-local"
    /// fc00::/7 (RFC 4193).
    case uniqueLocal = "unique-local"
    /// fec0::/10, deprecated but still routed inside some networks.
    case siteLocal = "site-local"
    /// 224.0.0.0/4, ff00::/8.
    case multicast
    /// 255.255.255.255.
    case broadcast
    /// 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32.
    case documentation
    /// 198.18.0.0/15 (RFC 2544).
    case benchmarking
    /// Teredo, 2001::/32: the IPv4 address behind it cannot be checked.
    case tunnel
    /// IETF protocol assignments, 6to4 relay anycast, 240.0.0.0/4, discard-only 100::/64.
    case reserved
}
