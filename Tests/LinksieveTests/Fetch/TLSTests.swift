import Testing

@testable import Linksieve

/// HTTPS against `openssl s_server` with a certificate made in the test: verification stays on,
/// and `caBundle` is how a private CA is trusted.
@Suite("TLS")
struct TLSTests {
    private static let body = (0..<30_000).map { UInt8(truncatingIfNeeded: $0 &* 17) }

    private static func fetch(_ url: String, _ adjust: (inout FetchOptions) -> Void) throws -> FetchResult {
        var options = FetchOptions()
        options.permittedNetworks = [try #require(CIDR("127.0.0.1/32"))]
        options.connectTimeout = 5
        options.totalTimeout = 10
        options.retries = 0
        adjust(&options)
        var pending: [FetchRequest] = [FetchRequest(id: 0, url: url)]
        var results: [FetchResult] = []
        try Fetcher(options: options).run(next: { pending.popLast() }, completed: { results.append($0) })
        return try #require(results.first)
    }

    @Test("fetches over HTTPS when the certificate's CA is given as caBundle")
    func trustedWithBundle() throws {
        let server = try OpenSSLTestServer(files: ["image.bin": Self.body])
        defer { server.stop() }
        let result = try Self.fetch("\(server.baseURL)/image.bin") { $0.caBundle = server.certificatePath }
        #expect(result.outcome == .ok)
        #expect(result.body == Self.body)
    }

    @Test("refuses the same server when its certificate is not trusted (verification on by default)")
    func untrustedByDefault() throws {
        let server = try OpenSSLTestServer(files: ["image.bin": Self.body])
        defer { server.stop() }
        let result = try Self.fetch("\(server.baseURL)/image.bin") { _ in }
        #expect(result.outcome == .tlsFailure)
        #expect(result.body.isEmpty)
    }

    @Test("checks the host name against the certificate even with the CA trusted")
    func hostNameChecked() throws {
        let server = try OpenSSLTestServer(files: ["image.bin": Self.body])
        defer { server.stop() }
        // The certificate names 127.0.0.1 only; 2130706433 is the same address spelled as a number,
        // which libcurl verifies against the certificate as the name "127.0.0.1" — so use a name.
        let result = try Self.fetch("https://localhost:\(server.port)/image.bin") {
            $0.caBundle = server.certificatePath
            $0.allowPrivateAddresses = true
        }
        #expect(result.outcome == .tlsFailure)
    }

    @Test("a CA bundle that cannot be read ends as a TLS failure, never as an unverified fetch")
    func unreadableBundle() throws {
        let server = try OpenSSLTestServer(files: ["image.bin": Self.body])
        defer { server.stop() }
        let result = try Self.fetch("\(server.baseURL)/image.bin") { $0.caBundle = "/nonexistent/ca.pem" }
        #expect(result.outcome == .tlsFailure)
    }
}
