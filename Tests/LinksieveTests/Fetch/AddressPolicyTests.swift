#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing

@testable import Linksieve

@Suite("AddressPolicy")
struct AddressPolicyTests {
    @Test("refuses special-purpose addresses and names their range", arguments: [
        ("127.0.0.1", NonPublicRange.loopback), ("127.255.255.254", .loopback),
        ("0.0.0.0", .unspecified), ("0.1.2.3", .unspecified),
        ("10.0.0.1", .privateNetwork), ("10.255.255.255", .privateNetwork),
        ("172.16.0.1", .privateNetwork), ("172.31.255.255", .privateNetwork),
        ("192.168.0.1", .privateNetwork), ("192.168.255.255", .privateNetwork),
        ("100.64.0.1", .sharedAddressSpace), ("100.127.255.255", .sharedAddressSpace),
        ("169.254.169.254", .linkLocal), ("169.254.0.1", .linkLocal),
        ("224.0.0.1", .multicast), ("239.255.255.250", .multicast),
        ("255.255.255.255", .broadcast), ("240.0.0.1", .reserved), ("254.1.2.3", .reserved),
        ("192.0.0.8", .reserved), ("192.88.99.1", .reserved),
        ("192.0.2.1", .documentation), ("198.51.100.7", .documentation), ("203.0.113.200", .documentation),
        ("198.18.0.1", .benchmarking), ("198.19.255.255", .benchmarking),
        ("::", .unspecified), ("::1", .loopback),
        ("fc00::1", .uniqueLocal), ("fd12:3456:789a::1", .uniqueLocal),
        ("fe80::1", .linkLocal), ("febf:ffff::1", .linkLocal), ("fec0::1", .siteLocal),
        ("ff02::1", .multicast), ("ff05::1:3", .multicast),
        ("2001:db8::1", .documentation), ("2001:0:4136:e378:8000:63bf:3fff:fdd2", .tunnel),
        ("100::1", .reserved), ("64:ff9b:1::a00:1", .privateNetwork),
        ("::ffff:127.0.0.1", .loopback), ("::ffff:10.1.2.3", .privateNetwork),
        ("::ffff:169.254.169.254", .linkLocal), ("::ffff:100.64.1.1", .sharedAddressSpace),
        ("::ffff:0.0.0.0", .unspecified), ("::ffff:224.0.0.251", .multicast),
        ("::127.0.0.1", .loopback), ("::192.168.1.1", .privateNetwork), ("::2", .unspecified),
        ("::ffff:0:10.0.0.1", .privateNetwork),
        ("64:ff9b::7f00:1", .loopback), ("64:ff9b::a9fe:a9fe", .linkLocal),
        ("2002:7f00:1::1", .loopback), ("2002:c0a8:101::1", .privateNetwork),
    ])
    func refuses(_ literal: String, _ range: NonPublicRange) throws {
        let address = try #require(IPAddress(literal))
        #expect(AddressPolicy.nonPublicRange(of: address) == range)
        #expect(!AddressPolicy().permits(address))
        #expect(AddressPolicy(allowPrivateAddresses: true).permits(address))
    }

    @Test("permits public addresses, including the neighbours of refused ranges", arguments: [
        "8.8.8.8", "1.1.1.1", "93.184.216.34", "9.255.255.255", "11.0.0.0", "172.15.255.255", "172.32.0.0",
        "192.167.255.255", "192.169.0.0", "100.63.255.255", "100.128.0.0", "169.253.255.255", "169.255.0.0",
        "126.255.255.255", "128.0.0.0", "223.255.255.255", "198.17.255.255", "198.20.0.0", "1.0.0.0",
        "2606:4700:4700::1111", "2001:4860:4860::8888", "2a00:1450:4001:82b::200e", "fbff::1", "fe00::1",
        "2001:db9::1", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1",
    ])
    func permits(_ literal: String) throws {
        let address = try #require(IPAddress(literal))
        #expect(AddressPolicy.nonPublicRange(of: address) == nil)
        #expect(AddressPolicy().permits(address))
    }

    @Test("lets permitted networks through and nothing else of the refused ranges")
    func permittedNetworks() throws {
        let policy = AddressPolicy(permittedNetworks: [try #require(CIDR("127.0.0.1/32")), try #require(CIDR("fd00::/8"))])
        #expect(try policy.permits(#require(IPAddress("127.0.0.1"))))
        #expect(try policy.permits(#require(IPAddress("::ffff:127.0.0.1"))))
        #expect(try policy.permits(#require(IPAddress("fd12::1"))))
        for refused in ["127.0.0.2", "0.0.0.0", "::1", "::127.0.0.1", "fe80::1", "10.0.0.1", "169.254.169.254"] {
            #expect(try !policy.permits(#require(IPAddress(refused))), "\(refused)")
        }
        #expect(try policy.permits(#require(IPAddress("8.8.8.8"))))
    }

    @Test("refuses names in the localhost domain unless private addresses are allowed wholesale", arguments: [
        ("localhost", false), ("LOCALHOST.", false), ("img.localhost", false), ("localhost.example", true),
        ("example.com", true), ("127.0.0.1", true), ("notlocalhost", true),
    ])
    func localhostNames(_ host: String, _ permitted: Bool) throws {
        let policy = AddressPolicy(permittedNetworks: [try #require(CIDR("127.0.0.0/8"))])
        #expect(policy.permits(host: host) == permitted)
        #expect(AddressPolicy(allowPrivateAddresses: true).permits(host: host))
    }

    @Test("judges the bytes of a sockaddr_in and a sockaddr_in6")
    func socketAddresses() throws {
        var v4 = sockaddr_in()
        v4.sin_family = sa_family_t(AF_INET)
        v4.sin_port = UInt16(80).bigEndian
        v4.sin_addr.s_addr = in_addr_t(0x0a00_0001).bigEndian
        withUnsafeBytes(of: &v4) { bytes in
            #expect(IPAddress(socketAddress: bytes) == IPAddress("10.0.0.1"))
            #expect(!AddressPolicy().permits(socketAddress: bytes))
            #expect(AddressPolicy(allowPrivateAddresses: true).permits(socketAddress: bytes))
        }

        var v6 = sockaddr_in6()
        v6.sin6_family = sa_family_t(AF_INET6)
        _ = inet_pton(AF_INET6, "2606:4700:4700::1111", &v6.sin6_addr)
        withUnsafeBytes(of: &v6) { bytes in
            #expect(IPAddress(socketAddress: bytes) == IPAddress("2606:4700:4700::1111"))
            #expect(AddressPolicy().permits(socketAddress: bytes))
            #expect(IPAddress(socketAddress: UnsafeRawBufferPointer(rebasing: bytes.prefix(12))) == nil)
        }
    }

    @Test("refuses sockaddrs of other families, even when private addresses are allowed")
    func otherFamilies() {
        var unix = sockaddr_un()
        unix.sun_family = sa_family_t(AF_UNIX)
        withUnsafeBytes(of: &unix) { bytes in
            #expect(IPAddress(socketAddress: bytes) == nil)
            #expect(!AddressPolicy(allowPrivateAddresses: true).permits(socketAddress: bytes))
        }
    }

    @Test("parses only address literals, and prints them back canonically", arguments: [
        ("192.0.2.1", "192.0.2.1"), ("::FFFF:127.0.0.1", "::ffff:127.0.0.1"), ("2001:DB8:0:0::1", "2001:db8::1"),
    ])
    func literals(_ input: String, _ printed: String) throws {
        #expect(try #require(IPAddress(input)).description == printed)
    }

    @Test("rejects what is not an address literal", arguments: ["", "localhost", "256.1.1.1", "1.2.3", "::g", "[::1]"])
    func notLiterals(_ input: String) {
        #expect(IPAddress(input) == nil)
    }
}
