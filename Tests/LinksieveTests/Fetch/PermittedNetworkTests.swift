import Testing

@testable import Linksieve
@testable import LoopbackServers

/// `--allow-address 127.0.0.1/32` against a server on 127.0.0.1: only that address may be reached,
/// however a URL or a redirect spells another loopback address. Every target here is loopback;
/// the refused ones are refused before a socket is opened.
@Suite("Permitted networks")
struct PermittedNetworkTests {
    private static func fetcher() throws -> Fetcher {
        var options = FetchOptions()
        options.permittedNetworks = [try #require(CIDR("127.0.0.1/32"))]
        options.connectTimeout = 2
        options.totalTimeout = 5
        options.retries = 0
        return try Fetcher(options: options)
    }

    private static func fetch(_ urls: [String]) throws -> [FetchResult] {
        var pending = urls.enumerated().map { FetchRequest(id: $0.offset, url: $0.element) }.reversed() as [FetchRequest]
        var results: [FetchResult] = []
        try fetcher().run(next: { pending.popLast() }, completed: { results.append($0) })
        return results.sorted { $0.id < $1.id }
    }

    /// Other spellings of loopback: 127.0.0.2 in dotted, decimal, hex and short form, IPv6 loopback,
    /// IPv4-mapped 127.0.0.2, the unspecified address (which Linux connects to loopback), localhost.
    static let refusedTargets = [
        "http://127.0.0.2:PORT/", "http://2130706434:PORT/", "http://0x7f000002:PORT/", "http://127.2:PORT/",
        "http://[::1]:PORT/", "http://[::ffff:127.0.0.2]:PORT/", "http://0.0.0.0:PORT/", "http://0:PORT/",
        "http://localhost:PORT/", "http://LOCALHOST.:PORT/", "http://img.localhost:PORT/",
    ]

    @Test("the permitted address is reached, also spelled as a number", arguments: [
        "http://127.0.0.1:PORT/x", "http://2130706433:PORT/x", "http://[::ffff:127.0.0.1]:PORT/x",
    ])
    func permitted(_ url: String) throws {
        let server = try LoopbackHTTPServer { _ in .init(body: [1]) }
        defer { server.stop() }
        let results = try Self.fetch([url.replacingOccurrences(of: "PORT", with: String(server.port))])
        #expect(results.map(\.outcome) == [.ok])
    }

    @Test("URLs naming any other loopback spelling are refused without a request", arguments: refusedTargets)
    func refusedURL(_ url: String) throws {
        let server = try LoopbackHTTPServer { _ in .init(body: [1]) }
        defer { server.stop() }
        let results = try Self.fetch([url.replacingOccurrences(of: "PORT", with: String(server.port))])
        #expect(results.map(\.outcome) == [.blockedAddress])
        #expect(server.requestCount == 0)
        #expect(server.connectionCount == 0)
    }

    @Test("redirects from the permitted address to any other loopback spelling are refused", arguments: refusedTargets)
    func refusedRedirect(_ target: String) throws {
        let server = try LoopbackHTTPServer { request in
            .init(body: Array(request.path.utf8))
        }
        defer { server.stop() }
        let port = String(server.port)
        let redirecting = try LoopbackHTTPServer { _ in
            .redirect(to: target.replacingOccurrences(of: "PORT", with: port) + "landed")
        }
        defer { redirecting.stop() }
        let results = try Self.fetch(["\(redirecting.baseURL)/start", "\(server.baseURL)/direct"])
        #expect(results.map(\.outcome) == [.blockedAddress, .ok])
        #expect(redirecting.requestCount == 1)
        // Only the direct request arrives; a redirect that got through would ask for /landed.
        #expect(server.requestCount == 1)
    }
}
