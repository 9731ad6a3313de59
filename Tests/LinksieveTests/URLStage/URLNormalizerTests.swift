import Testing
@testable import Linksieve

@Suite("URLNormalizer")
struct URLNormalizerTests {
    static let normalised: [(raw: String, expected: String)] = [
        ("http://example.com", "http://example.com/"),
        ("  https://Example.COM/a  \n", "https://example.com/a"),
        ("HTTP://EXAMPLE.com:80/", "http://example.com/"),
        ("https://example.com:443/x", "https://example.com/x"),
        ("https://example.com:80/x", "https://example.com:80/x"),
        ("http://example.com:8080", "http://example.com:8080/"),
        ("http://example.com:/a", "http://example.com/a"),
        ("http://example.com/a#frag", "http://example.com/a"),
        ("http://example.com/a?q=1#frag", "http://example.com/a?q=1"),
        ("http://example.com/a/b/c/./../../g", "http://example.com/a/g"),
        ("http://example.com/./a/../b/.", "http://example.com/b/"),
        ("http://example.com/../../x", "http://example.com/x"),
        ("http://example.com/a/..", "http://example.com/"),
        ("http://example.com/%7euser/%2fx%3F", "http://example.com/~user/%2Fx%3F"),
        ("http://example.com/100%/x", "http://example.com/100%/x"),
        ("http://example.com/?B=2&a=%2f&&", "http://example.com/?B=2&a=%2F&&"),
        ("http://example.com?x", "http://example.com/?x"),
        ("http://example.com/a?", "http://example.com/a?"),
        ("http://example.com/q?p=/../x", "http://example.com/q?p=/../x"),
        ("http://example.com/é?ü", "http://example.com/%C3%A9?%C3%BC"),
        ("http://example.com./a", "http://example.com/a"),
        ("http://User:Pa%3ass@Example.com/", "http://example.com/"),
        ("http://[2001:DB8::1]:8080/a", "http://[2001:db8::1]:8080/a"),
        ("https://[::1]:443", "https://[::1]/"),
        ("http://192.168.0.1/a", "http://192.168.0.1/a"),
        ("http://Bücher.example/", "http://xn--bcher-kva.example/"),
        ("http://my_host.example/", "http://my_host.example/"),
    ]

    @Test("normalises URLs", arguments: normalised)
    func normalises(_ raw: String, _ expected: String) throws {
        #expect(try URLNormalizer.normalize(raw).string == expected)
    }

    @Test("normalising is idempotent", arguments: normalised)
    func idempotent(_ raw: String, _ expected: String) throws {
        #expect(try URLNormalizer.normalize(expected).string == expected)
    }

    @Test("exposes scheme, host without brackets and non-default port")
    func parts() throws {
        let url = try URLNormalizer.normalize("HTTPS://[2001:DB8::1]:8443/x")
        #expect(url == NormalizedURL(string: "https://[2001:db8::1]:8443/x", scheme: "https", host: "2001:db8::1", port: 8443))
        let plain = try URLNormalizer.normalize("http://A.example:80/")
        #expect(plain.host == "a.example")
        #expect(plain.port == nil)
    }

    static let rejected: [(raw: String, reason: String, message: String)] = [
        ("", "invalid-url", "empty"),
        ("   ", "invalid-url", "empty"),
        ("example.com/a.jpg", "invalid-url", "no scheme"),
        ("//example.com/a", "invalid-url", "no scheme"),
        ("ftp://example.com/a", "unsupported-scheme", "\"ftp\""),
        ("data:image/png;base64,AAAA", "unsupported-scheme", "\"data\""),
        ("javascript:alert(1)", "unsupported-scheme", "\"javascript\""),
        ("http:/example.com", "invalid-url", "\"//\""),
        ("http://", "invalid-url", "no host"),
        ("http:///path", "invalid-url", "no host"),
        ("http://:80/", "invalid-url", "no host"),
        ("http://exa mple.com/", "invalid-url", "space"),
        ("http://example.com/a b", "invalid-url", "space"),
        ("http://example.com/\u{7}", "invalid-url", "control"),
        ("http://example.com/\u{A0}x", "invalid-url", "space"),
        ("http://example.com:99999/", "invalid-url", "port"),
        ("http://example.com:0/", "invalid-url", "port"),
        ("http://example.com:8o/", "invalid-url", "port"),
        ("http://[::1/", "invalid-url", "IPv6"),
        ("http://[zz::1]/", "invalid-url", "IPv6"),
        ("http://[::1]x/", "invalid-url", "port"),
        ("http://exa<mple.com/", "invalid-url", "host"),
        ("http://a..example.com/", "invalid-url", "empty label"),
    ]

    @Test("rejects unusable URLs with a reason and a message", arguments: rejected)
    func rejects(_ raw: String, _ reason: String, _ message: String) {
        let problem = #expect(throws: URLProblem.self) { try URLNormalizer.normalize(raw) }
        #expect(problem?.reason == reason)
        #expect(problem?.message.contains(message) == true, "\(String(describing: problem))")
    }

    @Test("hashes the normalised URL with SHA-256")
    func sha256() throws {
        let url = try URLNormalizer.normalize("HTTP://Example.com:80#top")
        // printf %s 'http://example.com/' | sha256sum
        #expect(URLNormalizer.sha256Hex(of: url) == "2a1b402420ef46577471cdc7409b0fa2c6a204db316e59ade2d805435489a067")
    }

    @Test("removes dot segments as RFC 3986 section 5.2.4 does")
    func dotSegments() {
        let cases = [
            ("/a/b/c/./../../g", "/a/g"), ("/./", "/"), ("/..", "/"), ("/a/./b/../../c/", "/c/"),
            ("/a/b/..", "/a/"), ("/a/.../b", "/a/.../b"), ("/a/..b/.c", "/a/..b/.c"), ("", ""),
        ]
        for (input, expected) in cases {
            let output = URLNormalizer.removeDotSegments(Array(input.utf8))
            #expect(String(decoding: output, as: UTF8.self) == expected, "\(input)")
        }
    }
}
