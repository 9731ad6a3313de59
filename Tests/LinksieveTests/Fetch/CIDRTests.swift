import Testing

@testable import Linksieve

@Suite("CIDR")
struct CIDRTests {
    @Test("parses IPv4 and IPv6 prefixes, a bare address being a single host", arguments: [
        ("127.0.0.1/32", "127.0.0.1/32"), ("10.0.0.0/8", "10.0.0.0/8"), ("0.0.0.0/0", "0.0.0.0/0"),
        ("192.168.1.7", "192.168.1.7/32"), ("fd00::/8", "fd00::/8"), ("::1", "::1/128"), ("2001:DB8::/32", "2001:db8::/32"),
        ("::/0", "::/0"),
    ])
    func parses(_ text: String, _ printed: String) throws {
        #expect(try #require(CIDR(text)).description == printed)
    }

    @Test("rejects malformed networks and host bits past the prefix", arguments: [
        "", "/8", "10.0.0.0/", "10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/8/8", "10.0.0.1/8",
        "fd00::1/8", "localhost/32", "10.0.0.0/ 8", "[::1]/128",
    ])
    func rejects(_ text: String) {
        #expect(CIDR(text) == nil)
    }

    @Test("contains the addresses of its range and no others", arguments: [
        ("10.0.0.0/8", "10.255.255.255", true), ("10.0.0.0/8", "11.0.0.0", false),
        ("172.16.0.0/12", "172.31.0.1", true), ("172.16.0.0/12", "172.32.0.1", false),
        ("127.0.0.1/32", "127.0.0.1", true), ("127.0.0.1/32", "127.0.0.2", false),
        ("127.0.0.1/32", "::ffff:127.0.0.1", true), ("127.0.0.1/32", "::1", false), ("127.0.0.1/32", "::127.0.0.1", false),
        ("0.0.0.0/0", "8.8.8.8", true), ("0.0.0.0/0", "::1", false),
        ("fd00::/8", "fd12::1", true), ("fd00::/8", "fc00::1", false), ("::/0", "2001:db8::1", true),
        ("192.168.0.0/23", "192.168.1.255", true), ("192.168.0.0/23", "192.168.2.0", false),
    ])
    func contains(_ network: String, _ address: String, _ expected: Bool) throws {
        let cidr = try #require(CIDR(network))
        #expect(cidr.contains(try #require(IPAddress(address))) == expected)
    }
}
