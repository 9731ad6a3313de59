import Testing
@testable import Linksieve

/// Every spelling a fetcher resolves to the same resource has the same canonical form, one table per
/// class of spelling. The expected forms come from the standards, not from the code: RFC 3986
/// (§2.3 unreserved characters, §3.2.1 userinfo, §3.2.3 default ports, §6.2.2 normalisation, §5.2.4
/// dot segments), libcurl's documented URL API (numeric IPv4 hosts read as inet_aton reads them:
/// one to four parts, each decimal, octal with a leading 0, or hex with 0x) and UTS #46 (mapping,
/// NFC, non-transitional processing), with RFC 3987 §3.1 for percent-encoded UTF-8 in a host.
@Suite("URL spellings")
struct URLSpellingTests {
    /// 127.0.0.1 is 0x7F000001 = 2130706433 = octal 017700000001.
    static let numericIPv4: [(String, String)] = [
        ("http://2130706433/a.png", "http://127.0.0.1/a.png"),
        ("http://127.1/a.png", "http://127.0.0.1/a.png"),
        ("http://127.0.1/a.png", "http://127.0.0.1/a.png"),
        ("http://127.65535/a.png", "http://127.0.255.255/a.png"),
        ("http://0x7f000001/a.png", "http://127.0.0.1/a.png"),
        ("http://0X7F.0x0.0x0.0x1/a.png", "http://127.0.0.1/a.png"),
        ("http://0x7f.1/a.png", "http://127.0.0.1/a.png"),
        ("http://0177.0.0.01/a.png", "http://127.0.0.1/a.png"),
        ("http://017700000001/a.png", "http://127.0.0.1/a.png"),
        ("http://0177.1/a.png", "http://127.0.0.1/a.png"),
        ("http://16909060/", "http://1.2.3.4/"),
        ("http://1.2.772/", "http://1.2.3.4/"),
        ("http://127.0.0.1./a.png", "http://127.0.0.1/a.png"),
        ("http://0x7f.1./a.png", "http://127.0.0.1/a.png"),
        // Full-width digits and dots map to ASCII (UTS #46), and the result is an IPv4 address.
        ("http://\u{FF11}\u{FF12}\u{FF17}\u{FF0E}\u{FF10}\u{FF0E}\u{FF10}\u{FF0E}\u{FF11}/a.png", "http://127.0.0.1/a.png"),
        ("http://%31%32%37.0.0.1/a.png", "http://127.0.0.1/a.png"),
    ]

    static let userinfo: [(String, String)] = [
        ("http://x@127.0.0.1/a.png", "http://127.0.0.1/a.png"),
        ("http://user:secret@example.com/a.png", "http://example.com/a.png"),
        ("http://user:@example.com/a.png", "http://example.com/a.png"),
        ("http://a%40b:c%3Ad@example.com/a.png", "http://example.com/a.png"),
        ("http://example.org@example.com/a.png", "http://example.com/a.png"),
    ]

    static let unreservedEscapes: [(String, String)] = [
        ("http://example.com/%69mg/%61.png", "http://example.com/img/a.png"),
        ("http://example.com/%41%5A%30%39", "http://example.com/AZ09"),
        ("http://example.com/%2D%2E%5F%7E", "http://example.com/-._~"),
        ("http://example.com/%7euser", "http://example.com/~user"),
        ("http://example.com/a.png?size=%6C%61rge", "http://example.com/a.png?size=large"),
        // Reserved and other characters stay encoded, with upper-case hex digits (§6.2.2.1).
        ("http://example.com/a%2fb%3f%25", "http://example.com/a%2Fb%3F%25"),
        ("http://example.com/a?x=%2f&y=%20", "http://example.com/a?x=%2F&y=%20"),
        ("http://example.com/caf%c3%a9", "http://example.com/caf%C3%A9"),
        ("http://example.com/café", "http://example.com/caf%C3%A9"),
    ]

    static let dotSegments: [(String, String)] = [
        ("http://example.com/x/../img/a.png", "http://example.com/img/a.png"),
        ("http://example.com/x/%2e%2e/img/a.png", "http://example.com/img/a.png"),
        ("http://example.com/x/%2E%2E/img/a.png", "http://example.com/img/a.png"),
        ("http://example.com/x/.%2e/img/a.png", "http://example.com/img/a.png"),
        ("http://example.com/img/%2e/a.png", "http://example.com/img/a.png"),
        ("http://example.com/%2e%2e/%2e%2e/img/a.png", "http://example.com/img/a.png"),
        ("http://example.com/img/x/%2e%2e", "http://example.com/img/"),
        // An encoded slash is data, not a separator: nothing to resolve.
        ("http://example.com/img%2f..%2fa.png", "http://example.com/img%2F..%2Fa.png"),
    ]

    static let internationalHosts: [(String, String)] = [
        ("http://bücher.example/a.png", "http://xn--bcher-kva.example/a.png"),
        ("http://BÜCHER.EXAMPLE/a.png", "http://xn--bcher-kva.example/a.png"),
        ("http://bu\u{0308}cher.example/a.png", "http://xn--bcher-kva.example/a.png"),
        ("http://b%C3%BCcher.example/a.png", "http://xn--bcher-kva.example/a.png"),
        ("http://XN--BCHER-KVA.example/a.png", "http://xn--bcher-kva.example/a.png"),
        ("http://bücher\u{3002}example/a.png", "http://xn--bcher-kva.example/a.png"),
        ("http://bücher\u{FF0E}example/a.png", "http://xn--bcher-kva.example/a.png"),
        ("http://bücher\u{FF61}example/a.png", "http://xn--bcher-kva.example/a.png"),
        ("http://\u{FF45}\u{FF58}\u{FF41}\u{FF4D}\u{FF50}\u{FF4C}\u{FF45}.com/a.png", "http://example.com/a.png"),
        ("http://\u{FF25}\u{FF38}\u{FF21}\u{FF2D}\u{FF30}\u{FF2C}\u{FF25}\u{FF0E}com/a.png", "http://example.com/a.png"),
        ("http://example\u{3002}com/a.png", "http://example.com/a.png"),
        ("http://bücher.example./a.png", "http://xn--bcher-kva.example/a.png"),
        ("http://bücher.example\u{3002}/a.png", "http://xn--bcher-kva.example/a.png"),
        // Non-transitional processing (IDNA 2008), as libcurl asks of libidn2: "ß" is kept, not "ss".
        ("http://faß.de/", "http://xn--fa-hia.de/"),
        ("http://日本語.jp/", "http://xn--wgv71a119e.jp/"),
    ]

    static let portsAndCase: [(String, String)] = [
        ("http://example.com:80/a.png", "http://example.com/a.png"),
        ("https://example.com:443/a.png", "https://example.com/a.png"),
        ("http://example.com:/a.png", "http://example.com/a.png"),
        ("http://example.com:0080/a.png", "http://example.com/a.png"),
        ("HTTP://Example.COM/A.png", "http://example.com/A.png"),
        ("https://example.com:80/a.png", "https://example.com:80/a.png"),
        ("http://example.com:8080/a.png", "http://example.com:8080/a.png"),
        ("http://example.com/a.png#frag", "http://example.com/a.png"),
        ("http://example.com.", "http://example.com/"),
        ("http://[::FFFF:127.0.0.1]:80/", "http://[::ffff:127.0.0.1]/"),
        ("http://[2001:DB8:0:0:0:0:0:1]/", "http://[2001:db8::1]/"),
    ]

    static var all: [(String, String)] {
        numericIPv4 + userinfo + unreservedEscapes + dotSegments + internationalHosts + portsAndCase
    }

    @Test("numeric IPv4 spellings become dotted quads", arguments: numericIPv4)
    func ipv4(_ spelling: String, _ canonical: String) throws {
        #expect(try URLNormalizer.normalize(spelling).string == canonical)
    }

    @Test("userinfo is dropped", arguments: userinfo)
    func dropsUserinfo(_ spelling: String, _ canonical: String) throws {
        #expect(try URLNormalizer.normalize(spelling).string == canonical)
    }

    @Test("escapes of unreserved characters are decoded, other escapes upper-cased", arguments: unreservedEscapes)
    func escapes(_ spelling: String, _ canonical: String) throws {
        #expect(try URLNormalizer.normalize(spelling).string == canonical)
    }

    @Test("dot segments are removed after decoding", arguments: dotSegments)
    func dots(_ spelling: String, _ canonical: String) throws {
        #expect(try URLNormalizer.normalize(spelling).string == canonical)
    }

    @Test("international host names map as UTS 46 and libcurl map them", arguments: internationalHosts)
    func idn(_ spelling: String, _ canonical: String) throws {
        #expect(try URLNormalizer.normalize(spelling).string == canonical)
    }

    @Test("default ports, case, fragments and trailing dots", arguments: portsAndCase)
    func portsCaseAndFragments(_ spelling: String, _ canonical: String) throws {
        #expect(try URLNormalizer.normalize(spelling).string == canonical)
    }

    @Test("a canonical form is its own canonical form", arguments: all)
    func idempotent(_ spelling: String, _ canonical: String) throws {
        #expect(try URLNormalizer.normalize(canonical).string == canonical)
    }

    @Test("a url list entry in any spelling is held in the canonical form", arguments: all)
    func listEntries(_ spelling: String, _ canonical: String) throws {
        #expect(try HashAlgorithm.url.canonicalValue(spelling) == canonical)
    }

    /// UTS #46 maps these to "@", "/", ":" or "a/c": a host name can hold none of them, and reading
    /// the mapped text as a URL again would name another host.
    static let mappedToDelimiters = [
        "http://a\u{FF20}b.example/", "http://a\u{FF0F}b.example/", "http://a\u{FF1A}80.example/", "http://\u{2100}.example/",
    ]

    @Test("a host whose mapping yields a URL delimiter is refused", arguments: mappedToDelimiters)
    func mappedDelimiters(_ spelling: String) {
        let problem = #expect(throws: URLProblem.self) { try URLNormalizer.normalize(spelling) }
        #expect(problem?.message.contains("host") == true)
    }

    static let domains: [(String, String)] = [
        ("Bücher.Example", "xn--bcher-kva.example"),
        ("bu\u{0308}cher\u{3002}example.", "xn--bcher-kva.example"),
        ("\u{FF25}\u{FF38}\u{FF21}\u{FF2D}\u{FF30}\u{FF2C}\u{FF25}.com", "example.com"),
        ("EXAMPLE.com.", "example.com"),
        ("2130706433", "127.0.0.1"),
    ]

    @Test("domain entries are canonicalised as URL hosts are", arguments: domains)
    func domainEntries(_ spelling: String, _ canonical: String) throws {
        #expect(try HashAlgorithm.domain.canonicalValue(spelling) == canonical)
        #expect(try URLNormalizer.normalize("http://\(spelling)/").host == canonical)
    }

    @Test("a domain entry is a host alone", arguments: ["http://example.com", "example.com/a", "user@example.com", "example.com:80", ""])
    func domainEntryRefused(_ value: String) {
        #expect(throws: HashValueProblem.self) { try HashAlgorithm.domain.canonicalValue(value) }
    }
}
