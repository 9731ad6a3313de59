import Foundation
import Testing

@testable import Linksieve
@testable import LoopbackServers

@Suite("Fetcher")
struct FetcherTests {
    /// Loopback is the only place these tests may talk to, so every fetcher here allows it.
    private static func loopbackOptions(_ adjust: (inout FetchOptions) -> Void = { _ in }) -> FetchOptions {
        var options = FetchOptions()
        options.allowPrivateAddresses = true
        options.connectTimeout = 5
        options.totalTimeout = 20
        adjust(&options)
        return options
    }

    private static func fetch(_ urls: [String], with fetcher: Fetcher) -> [FetchResult] {
        var pending = urls.enumerated().map { FetchRequest(id: $0.offset, url: $0.element) }.reversed() as [FetchRequest]
        var results: [FetchResult] = []
        fetcher.run(next: { pending.popLast() }, completed: { results.append($0) })
        return results.sorted { $0.id < $1.id }
    }

    private static func fetch(_ url: String, options: FetchOptions) throws -> FetchResult {
        let results = fetch([url], with: try Fetcher(options: options))
        return try #require(results.first)
    }

    private static func imageBytes(_ index: Int) -> [UInt8] {
        let count = (index * 7919) % 50_000
        return (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index) }
    }

    @Test("fetches hundreds of URLs concurrently, each body exactly as served, with a bounded window of pulled requests")
    func manyConcurrent() throws {
        let server = try LoopbackHTTPServer { request in
            guard let index = Int(request.path.dropFirst("/img/".count)) else { return .init(status: 400) }
            return .init(headers: [("Content-Type", "image/x-test")], body: Self.imageBytes(index))
        }
        defer { server.stop() }
        let count = 600
        let fetcher = try Fetcher(options: Self.loopbackOptions {
            $0.concurrency = 48
            $0.perHost = 8
            $0.maxPerHost = 8
        })
        var nextIndex = 0
        var inFlight = 0
        var maxInFlight = 0
        var results: [Int: FetchResult] = [:]
        fetcher.run(
            next: {
                guard nextIndex < count else { return nil }
                defer { nextIndex += 1 }
                inFlight += 1
                maxInFlight = max(maxInFlight, inFlight)
                return FetchRequest(id: nextIndex, url: "\(server.baseURL)/img/\(nextIndex)")
            },
            completed: { result in
                inFlight -= 1
                #expect(results.updateValue(result, forKey: result.id) == nil, "id \(result.id) completed twice")
            }
        )
        #expect(results.count == count)
        // In libcurl at most `concurrency`; held back for a busy host at most 8 × `concurrency` more.
        #expect(maxInFlight <= 48 * 9)
        for index in 0..<count {
            let result = try #require(results[index])
            #expect(result.outcome == .ok)
            #expect(result.httpStatus == 200)
            #expect(result.contentType == "image/x-test")
            #expect(result.effectiveURL == "\(server.baseURL)/img/\(index)")
            let bodyMatches = result.body == Self.imageBytes(index)
            #expect(bodyMatches, "body of \(index) differs from what was served")
        }
        #expect(server.requestCount == count)
        #expect(server.connectionCount <= 8 * 2, "connections were not reused: \(server.connectionCount)")
    }

    @Test("never has more than concurrency requests pulled and unfinished when no host is at its limit")
    func window() throws {
        let server = try LoopbackHTTPServer { _ in .init(body: [1, 2]) }
        defer { server.stop() }
        let fetcher = try Fetcher(options: Self.loopbackOptions {
            $0.concurrency = 3
            $0.perHost = 100
        })
        var pulled = 0
        var done = 0
        var peak = 0
        fetcher.run(
            next: {
                guard pulled < 200 else { return nil }
                pulled += 1
                peak = max(peak, pulled - done)
                return FetchRequest(id: pulled, url: "\(server.baseURL)/\(pulled)")
            },
            completed: { _ in done += 1 }
        )
        #expect(done == 200)
        #expect(peak == 3)
    }

    @Test("runs at most perHost transfers per host, and time spent waiting for one is not counted as timeout")
    func perHostLimit() throws {
        let (server, running) = try Self.slowServer(delay: 0.3)
        defer { server.stop() }
        let urls = (0..<10).map { "\(server.baseURL)/\($0)" }
        let fetcher = try Fetcher(options: Self.loopbackOptions {
            $0.perHost = 2
            $0.maxPerHost = 2
            $0.concurrency = 10
            $0.totalTimeout = 1.0
        })
        let results = Self.fetch(urls, with: fetcher)
        #expect(results.map(\.outcome) == Array(repeating: .ok, count: 10))
        #expect(running.current.peak == 2)
    }

    @Test("a fetcher is reusable across runs and keeps its connections")
    func reuse() throws {
        let server = try LoopbackHTTPServer { _ in .init(body: [7]) }
        defer { server.stop() }
        let fetcher = try Fetcher(options: Self.loopbackOptions {
            $0.perHost = 2
            $0.maxPerHost = 2
        })
        for _ in 0..<3 {
            let results = Self.fetch((0..<50).map { "\(server.baseURL)/\($0)" }, with: fetcher)
            #expect(results.map(\.outcome) == Array(repeating: .ok, count: 50))
        }
        #expect(server.requestCount == 150)
        #expect(server.connectionCount <= 2)
    }

    @Test("an empty request stream returns at once")
    func empty() throws {
        let results = Self.fetch([], with: try Fetcher(options: Self.loopbackOptions()))
        #expect(results.isEmpty)
    }

    @Test("a 404 ends as http-404 with the status and no body")
    func notFound() throws {
        let server = try LoopbackHTTPServer { _ in .init(status: 404, body: Array("not here".utf8)) }
        defer { server.stop() }
        let result = try Self.fetch("\(server.baseURL)/missing", options: Self.loopbackOptions())
        #expect(result.outcome == .httpStatus(404))
        #expect(result.outcome.reason == "http-404")
        #expect(result.httpStatus == 404)
        #expect(result.body.count == 0)
    }

    @Test("an endless error page still ends at the size cap, reported by its status")
    func endlessErrorPage() throws {
        let server = try LoopbackHTTPServer { _ in
            .init(status: 500, body: [UInt8](repeating: 0, count: 1024), delivery: .drip(interval: 0.001, count: 100_000))
        }
        defer { server.stop() }
        let result = try Self.fetch("\(server.baseURL)/", options: Self.loopbackOptions { $0.maxBodyBytes = 8192 })
        #expect(result.outcome == .httpStatus(500))
        #expect(result.elapsed < 5)
    }

    @Test("a body at the cap is kept; one byte more is too-large, however it is framed", arguments: [
        LoopbackHTTPServer.Response.Delivery.contentLength, .chunked, .untilClose,
    ])
    func sizeCap(_ delivery: LoopbackHTTPServer.Response.Delivery) throws {
        let cap = 10_000
        let server = try LoopbackHTTPServer { request in
            let size = request.path == "/at-cap" ? cap : cap + 1
            return .init(body: [UInt8](repeating: 0xAB, count: size), delivery: delivery)
        }
        defer { server.stop() }
        let fetcher = try Fetcher(options: Self.loopbackOptions { $0.maxBodyBytes = cap })
        let results = Self.fetch(["\(server.baseURL)/at-cap", "\(server.baseURL)/over-cap"], with: fetcher)
        #expect(results[0].outcome == .ok)
        #expect(results[0].body.count == cap)
        #expect(results[1].body.count == 0)
        #expect(results[1].outcome == .tooLarge)
        #expect(results[1].outcome.reason == "too-large")
    }

    @Test("an endless body without Content-Length is cut off at the cap")
    func endlessBody() throws {
        let server = try LoopbackHTTPServer { _ in
            .init(body: [UInt8](repeating: 1, count: 4096), delivery: .drip(interval: 0.001, count: 1_000_000))
        }
        defer { server.stop() }
        let result = try Self.fetch("\(server.baseURL)/", options: Self.loopbackOptions { $0.maxBodyBytes = 64 * 1024 })
        #expect(result.outcome == .tooLarge)
        #expect(result.elapsed < 5)
    }

    @Test("follows redirects up to the cap and reports where it ended")
    func redirects() throws {
        let server = try LoopbackHTTPServer { request in
            let hop = Int(request.path.dropFirst("/hop/".count)) ?? 0
            return hop < 3 ? .redirect(to: "/hop/\(hop + 1)") : .init(body: Array("landed".utf8))
        }
        defer { server.stop() }
        let result = try Self.fetch("\(server.baseURL)/hop/0", options: Self.loopbackOptions { $0.maxRedirects = 3 })
        #expect(result.outcome == .ok)
        #expect(result.body == Array("landed".utf8))
        #expect(result.effectiveURL == "\(server.baseURL)/hop/3")
    }

    @Test("a redirect chain longer than the cap ends as redirect-loop")
    func redirectLoop() throws {
        let server = try LoopbackHTTPServer { request in
            let hop = Int(request.path.dropFirst("/hop/".count)) ?? 0
            return .redirect(to: "/hop/\(hop + 1)", status: 301)
        }
        defer { server.stop() }
        let result = try Self.fetch("\(server.baseURL)/hop/0", options: Self.loopbackOptions { $0.maxRedirects = 4 })
        #expect(result.outcome == .tooManyRedirects)
        #expect(result.outcome.reason == "redirect-loop")
        #expect(server.requestCount == 5)
    }

    @Test("a redirect to a scheme other than http(s) is blocked without being followed", arguments: [
        "ftp://127.0.0.1:PORT/file", "file:///etc/passwd", "gopher://127.0.0.1:PORT/", "dict://127.0.0.1:PORT/",
    ])
    func redirectToOtherScheme(_ target: String) throws {
        let probe = try LoopbackHTTPServer { _ in .init() }
        defer { probe.stop() }
        let location = target.replacingOccurrences(of: "PORT", with: String(probe.port))
        let server = try LoopbackHTTPServer { _ in .redirect(to: location) }
        defer { server.stop() }
        let result = try Self.fetch("\(server.baseURL)/start", options: Self.loopbackOptions())
        #expect(result.outcome == .blockedScheme)
        #expect(result.outcome.reason == "blocked-scheme")
        #expect(server.requestCount == 1)
        #expect(probe.requestCount == 0)
        #expect(probe.connectionCount == 0)
    }

    @Test("a URL with a scheme other than http(s) is blocked before any connection", arguments: [
        "ftp://127.0.0.1:PORT/", "file:///etc/hostname", "telnet://127.0.0.1:PORT/", "scp://127.0.0.1:PORT/x",
    ])
    func otherScheme(_ url: String) throws {
        let probe = try LoopbackHTTPServer { _ in .init() }
        defer { probe.stop() }
        let result = try Self.fetch(
            url.replacingOccurrences(of: "PORT", with: String(probe.port)), options: Self.loopbackOptions())
        #expect(result.outcome == .blockedScheme)
        #expect(probe.connectionCount == 0)
    }

    @Test("a response dripping slower than the low-speed limit times out within a bound")
    func lowSpeedTimeout() throws {
        let server = try LoopbackHTTPServer { _ in .init(body: [1], delivery: .drip(interval: 0.2, count: 1000)) }
        defer { server.stop() }
        let result = try Self.fetch("\(server.baseURL)/slow", options: Self.loopbackOptions {
            $0.lowSpeedLimit = 1024
            $0.lowSpeedTime = 1
        })
        #expect(result.outcome == .timeout)
        #expect(result.outcome.reason == "timeout")
        #expect(result.elapsed >= 0.9 && result.elapsed < 5, "took \(result.elapsed) s")
        #expect(result.body.count == 0)
    }

    @Test("a response fast enough for the low-speed limit still ends at the total timeout")
    func totalTimeout() throws {
        let server = try LoopbackHTTPServer { _ in
            .init(body: [UInt8](repeating: 2, count: 2048), delivery: .drip(interval: 0.05, count: 10_000))
        }
        defer { server.stop() }
        let result = try Self.fetch("\(server.baseURL)/long", options: Self.loopbackOptions {
            $0.totalTimeout = 1.5
            $0.lowSpeedTime = 1
        })
        #expect(result.outcome == .timeout)
        #expect(result.elapsed >= 1.4 && result.elapsed < 5, "took \(result.elapsed) s")
    }

    @Test("a server that never answers times out")
    func silentServer() throws {
        let server = try LoopbackHTTPServer { _ in
            usleep(1_500_000)
            return .init()
        }
        defer { server.stop() }
        let result = try Self.fetch("\(server.baseURL)/", options: Self.loopbackOptions { $0.totalTimeout = 0.5 })
        #expect(result.outcome == .timeout)
        #expect(result.elapsed < 2.5)
    }

    @Test("over plain HTTP, a host's first URL hanging holds up none of its other transfers")
    func hangingFirstURLHoldsNothing() throws {
        let server = try LoopbackHTTPServer { request in
            if request.path == "/hang" { usleep(2_500_000) }
            return .init(body: [1])
        }
        defer { server.stop() }
        let urls = ["\(server.baseURL)/hang"] + (0..<3).map { "\(server.baseURL)/\($0)" }
        // No retries: a transfer that waited out its timeout behind the first would not come back.
        let results = Self.fetch(urls, with: try Fetcher(options: Self.loopbackOptions {
            $0.totalTimeout = 2
            $0.perHost = 4
            $0.retries = 0
        }))
        // Each of the others opened a connection of its own rather than waiting to share the first.
        #expect(results.map(\.outcome) == [.timeout, .ok, .ok, .ok])
    }

    @Test("HTTP/2 multiplexing is waited for over TLS only, where the handshake settles it")
    func multiplexingWaitsOnlyOverTLS() {
        #expect(CurlTransfer.waitsForMultiplexing("https://example.org/a.jpg"))
        #expect(CurlTransfer.waitsForMultiplexing("HTTPS://example.org/a.jpg"))
        #expect(!CurlTransfer.waitsForMultiplexing("http://example.org/a.jpg"))
        #expect(!CurlTransfer.waitsForMultiplexing("httpsx"))
    }

    @Test("without allowPrivateAddresses a loopback URL is blocked before any request reaches it", arguments: [
        "http://127.0.0.1:PORT/", "http://localhost:PORT/", "http://[::1]:PORT/", "http://0.0.0.0:PORT/",
        "http://[::ffff:127.0.0.1]:PORT/", "http://2130706433:PORT/", "http://127.1:PORT/",
    ])
    func blockedLoopback(_ url: String) throws {
        let server = try LoopbackHTTPServer { _ in .init(body: [1]) }
        defer { server.stop() }
        var options = FetchOptions()
        options.allowPrivateAddresses = false
        let result = try Self.fetch(url.replacingOccurrences(of: "PORT", with: String(server.port)), options: options)
        #expect(result.outcome == .blockedAddress)
        #expect(result.outcome.reason == "blocked-address")
        #expect(server.requestCount == 0)
        #expect(server.connectionCount == 0)
    }

    @Test("a redirect to a refused address is blocked, not followed")
    func redirectToRefusedAddress() throws {
        let server = try LoopbackHTTPServer { request in
            request.path == "/start" ? .redirect(to: "http://127.0.0.2:9/") : .init()
        }
        defer { server.stop() }
        // Only the server's own address is let through, as a public host would be.
        let policy = AddressPolicy(permittedNetworks: [try #require(CIDR("127.0.0.1/32"))])
        let fetcher = try Fetcher(options: FetchOptions(), addressPolicy: policy)
        let results = Self.fetch(["\(server.baseURL)/start", "\(server.baseURL)/direct"], with: fetcher)
        #expect(results[0].outcome == .blockedAddress)
        #expect(results[1].outcome == .ok)
        #expect(server.requestCount == 2)
    }

    @Test("a closed port ends as a connect failure")
    func connectFailure() throws {
        let server = try LoopbackHTTPServer { _ in .init() }
        let url = "\(server.baseURL)/"
        server.stop()
        let result = try Self.fetch(url, options: Self.loopbackOptions())
        #expect(result.outcome == .connectFailed)
        #expect(result.outcome.reason == "connect")
    }

    @Test("https to a server that does not speak TLS ends as a TLS failure")
    func tlsFailure() throws {
        let server = try LoopbackHTTPServer { _ in .init(body: [1]) }
        defer { server.stop() }
        let result = try Self.fetch("https://127.0.0.1:\(server.port)/", options: Self.loopbackOptions())
        #expect(result.outcome == .tlsFailure)
        #expect(result.outcome.reason == "tls")
    }

    @Test("a body cut short of its Content-Length ends as truncated, and is not retried")
    func truncatedBody() throws {
        let server = try LoopbackHTTPServer { _ in
            .init(headers: [("Content-Length", "100")], body: [UInt8](repeating: 3, count: 10), delivery: .untilClose)
        }
        defer { server.stop() }
        let result = try Self.fetch("\(server.baseURL)/", options: Self.loopbackOptions())
        #expect(result.outcome == .truncatedBody)
        #expect(result.outcome.reason == "truncated")
        #expect(result.body.count == 0)
        #expect(result.attempts == 1)
        #expect(server.requestCount == 1)
    }

    @Test("a connection reset mid-body ends as connection-reset after the retries")
    func resetMidBody() throws {
        let server = try LoopbackHTTPServer { _ in
            .init(body: [UInt8](repeating: 4, count: 50_000), delivery: .resetAfter(bytes: 500))
        }
        defer { server.stop() }
        let result = try Self.fetch("\(server.baseURL)/", options: Self.loopbackOptions {
            $0.retries = 1
            $0.retryBaseDelay = 0.01
        })
        #expect(result.outcome == .connectionReset)
        #expect(result.outcome.reason == "connection-reset")
        #expect(result.attempts == 2)
        #expect(server.requestCount == 2)
    }

    @Test("sends the contact URL inside the User-Agent comment")
    func contactURL() throws {
        let seen = Locked<[String]>([])
        let server = try LoopbackHTTPServer { request in
            seen.withValue { $0.append(request.headers["user-agent"] ?? "") }
            return .init(body: [1])
        }
        defer { server.stop() }
        _ = try Self.fetch("\(server.baseURL)/", options: Self.loopbackOptions { $0.contactURL = "https://example.org/crawler" })
        #expect(seen.current == ["linksieve/0.1 (dataset safety scanner; +https://example.org/crawler)"])
        var options = FetchOptions()
        options.userAgent = "linksieve/0.1"
        options.contactURL = "mailto:ops@example.org"
        #expect(options.userAgentHeader == "linksieve/0.1 (+mailto:ops@example.org)")
        options.contactURL = nil
        #expect(options.userAgentHeader == "linksieve/0.1")
    }

    @Test("records the X-Robots-Tag directives of the final response only")
    func robotsTagOfFinalResponse() throws {
        let server = try LoopbackHTTPServer { request in
            request.path == "/first"
                ? .init(status: 302, headers: [("X-Robots-Tag", "noai"), ("Location", "/second")])
                : .init(headers: [("x-robots-tag", "NoIndex"), ("X-Robots-Tag", "linksieve: noimageai")], body: [1])
        }
        defer { server.stop() }
        let result = try Self.fetch("\(server.baseURL)/first", options: Self.loopbackOptions())
        #expect(result.outcome == .ok)
        #expect(result.robotsDirectives == ["noindex", "noimageai"])
        #expect(result.optedOut)
    }

    @Test("sends the configured User-Agent, no Accept-Encoding and no cookies")
    func requestHeaders() throws {
        let seen = Locked<[[String: String]]>([])
        let server = try LoopbackHTTPServer { request in
            seen.withValue { $0.append(request.headers) }
            return request.path == "/first"
                ? .init(status: 302, headers: [("Set-Cookie", "session=1; Path=/"), ("Location", "/second")])
                : .init(body: [1])
        }
        defer { server.stop() }
        let result = try Self.fetch("\(server.baseURL)/first", options: Self.loopbackOptions { $0.userAgent = "probe/1" })
        #expect(result.outcome == .ok)
        let headers = seen.current
        #expect(headers.count == 2)
        for header in headers {
            #expect(header["user-agent"] == "probe/1")
            #expect(header["accept-encoding"] == nil)
            #expect(header["cookie"] == nil)
        }
    }

    @Test("passes a compressed body through untouched rather than inflating it")
    func noDecoding() throws {
        let compressed: [UInt8] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        let server = try LoopbackHTTPServer { _ in .init(headers: [("Content-Encoding", "gzip")], body: compressed) }
        defer { server.stop() }
        let result = try Self.fetch("\(server.baseURL)/", options: Self.loopbackOptions())
        #expect(result.outcome == .ok)
        #expect(result.body == compressed)
    }

    @Test("refuses options that make no sense")
    func invalidOptions() {
        var options = FetchOptions()
        options.concurrency = 0
        #expect(throws: FetchError.self) { try Fetcher(options: options) }
        options = FetchOptions()
        options.totalTimeout = -1
        #expect(throws: FetchError.self) { try Fetcher(options: options) }
        options = FetchOptions()
        options.maxBodyBytes = 0
        #expect(throws: FetchError.self) { try Fetcher(options: options) }
        options = FetchOptions()
        options.perHost = 0
        #expect(throws: FetchError.self) { try Fetcher(options: options) }
        options = FetchOptions()
        options.retries = -1
        #expect(throws: FetchError.self) { try Fetcher(options: options) }
        options = FetchOptions()
        options.maxRetryDelay = -1
        #expect(throws: FetchError.self) { try Fetcher(options: options) }
        options = FetchOptions()
        options.dnsCacheTimeout = -2
        #expect(throws: FetchError.self) { try Fetcher(options: options) }
        options = FetchOptions()
        options.maxPerHost = 0
        #expect(throws: FetchError.self) { try Fetcher(options: options) }
        options = FetchOptions()
        options.bodyBudget = 0
        #expect(throws: FetchError.self) { try Fetcher(options: options) }
    }

    /// A server whose every answer takes `delay` seconds, counting the requests it is serving at once.
    private static func slowServer(delay: Double, refuseAbove: Int? = nil)
        throws -> (server: LoopbackHTTPServer, counts: Locked<(now: Int, peak: Int, refused: Int)>)
    {
        let counts = Locked((now: 0, peak: 0, refused: 0))
        let server = try LoopbackHTTPServer { _ in
            let refused = counts.withValue { state -> Bool in
                state.now += 1
                state.peak = max(state.peak, state.now)
                guard let limit = refuseAbove, state.now > limit else { return false }
                state.refused += 1
                return true
            }
            defer { counts.withValue { $0.now -= 1 } }
            if refused { return .init(status: 429, body: Array("too many".utf8)) }
            usleep(useconds_t(delay * 1_000_000))
            return .init(body: [1, 2, 3])
        }
        return (server, counts)
    }

    @Test("a host that answers fast earns more than --per-host transfers at once, never more than --max-per-host")
    func perHostLimitGrows() throws {
        let (server, counts) = try Self.slowServer(delay: 0.02)
        defer { server.stop() }
        let fetcher = try Fetcher(options: Self.loopbackOptions {
            $0.perHost = 2
            $0.maxPerHost = 12
        })
        let results = Self.fetch((0..<400).map { "\(server.baseURL)/\($0)" }, with: fetcher)
        #expect(results.map(\.outcome) == Array(repeating: .ok, count: 400))
        #expect(counts.current.peak > 2, "the limit never grew: peak \(counts.current.peak)")
        #expect(counts.current.peak <= 12)
        #expect(fetcher.statistics.peakHostLimit == 12)
        #expect(fetcher.statistics.limitCuts == 0)
    }

    @Test("a host that answers 429 above a few concurrent requests is throttled, not hammered")
    func strictHostIsThrottled() throws {
        let (server, counts) = try Self.slowServer(delay: 0.02, refuseAbove: 3)
        defer { server.stop() }
        let fetcher = try Fetcher(options: Self.loopbackOptions {
            $0.perHost = 2
            $0.maxPerHost = 64
            $0.retries = 3
            $0.retryBaseDelay = 0.05
        })
        let count = 400
        let results = Self.fetch((0..<count).map { "\(server.baseURL)/\($0)" }, with: fetcher)
        #expect(results.filter { $0.outcome == .ok }.count == count)
        let refused = counts.current.refused
        // A fixed limit of 64 would be refused on most of its requests; the adaptive one a few times a round.
        #expect(refused > 0)
        #expect(refused < count / 10, "refused \(refused) of \(count)")
        #expect(fetcher.statistics.throttledHosts == 1)
        #expect(fetcher.statistics.limitCuts >= 1)
        #expect(fetcher.statistics.overloadResponses == refused)
    }

    @Test("a host with thousands of queued URLs does not hold up a small host behind it")
    func hostsTakeTurns() throws {
        let big = try LoopbackHTTPServer { _ in
            usleep(20_000)
            return .init(body: [1])
        }
        defer { big.stop() }
        let small = try LoopbackHTTPServer { _ in .init(body: [2]) }
        defer { small.stop() }
        // The big host's URLs come first in the manifest, the small host's last.
        let urls = (0..<600).map { "\(big.baseURL)/\($0)" } + (0..<5).map { "\(small.baseURL)/\($0)" }
        var pending = urls.enumerated().map { FetchRequest(id: $0.offset, url: $0.element) }.reversed() as [FetchRequest]
        var order: [Int] = []
        let fetcher = try Fetcher(options: Self.loopbackOptions {
            $0.concurrency = 64
            $0.perHost = 4
            $0.maxPerHost = 4
        })
        fetcher.run(next: { pending.popLast() }, completed: { order.append($0.id) })
        #expect(order.count == urls.count)
        let lastSmall = try #require(order.lastIndex { $0 >= 600 })
        // Read ahead past the big host's queue, the small host starts in its first turns.
        #expect(lastSmall < 100, "the small host finished at position \(lastSmall)")
    }

    @Test("the window is sized from the descriptor limit when --concurrency is not given, and reported")
    func automaticWindow() throws {
        let fetcher = try Fetcher(options: Self.loopbackOptions())
        let window = fetcher.window
        let descriptors = try #require(window.descriptorLimit)
        #expect(window.transfers == min(FetchWindow.automaticCeiling, (descriptors - 256 - FetchOptions().lookupsAhead) / 2))
        #expect(window.bodyBudget >= FetchOptions().maxBodyBytes)
        var limits = rlimit()
        #expect(getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limits) == 0)
        #expect(Int(limits.rlim_cur) == descriptors)
        #expect(limits.rlim_cur == limits.rlim_max)
        let fixed = try Fetcher(options: Self.loopbackOptions { $0.concurrency = 7 })
        #expect(fixed.window.transfers == 7)
    }

    @Test("while the consumer holds starts back, nothing new starts, and transfers in flight still finish")
    func heldStarts() throws {
        let arrivals = Locked<[Date]>([])
        let server = try LoopbackHTTPServer { _ in
            arrivals.withValue { $0.append(Date()) }
            usleep(50_000)
            return .init(body: [1])
        }
        defer { server.stop() }
        let fetcher = try Fetcher(options: Self.loopbackOptions {
            $0.concurrency = 4
            $0.perHost = 4
            $0.maxPerHost = 4
        })
        var pending = (0..<12).map { FetchRequest(id: $0, url: "\(server.baseURL)/\($0)") }.reversed() as [FetchRequest]
        var completions: [Date] = []
        var heldUntil: Date?
        fetcher.run(
            next: { pending.popLast() },
            completed: { _ in
                completions.append(Date())
                // After the first result, hold for half a second.
                if completions.count == 1 { heldUntil = Date().addingTimeInterval(0.5) }
            },
            holdsStarts: { _ in heldUntil.map { Date() < $0 } ?? false })
        #expect(completions.count == 12)
        let held = try #require(heldUntil)
        let holdStart = held.addingTimeInterval(-0.5)
        // The three other transfers in flight finished during the hold, not after it.
        #expect(completions.filter { $0 > holdStart && $0 < held }.count == 3)
        #expect(arrivals.current.filter { $0 > holdStart.addingTimeInterval(0.01) && $0 < held }.isEmpty)
    }

    @Test("the consumer is told how many transfers are in flight, and can hold starts by that count")
    func heldByTransfersInFlight() throws {
        let (server, concurrent) = try Self.slowServer(delay: 0.03)
        defer { server.stop() }
        let fetcher = try Fetcher(options: Self.loopbackOptions {
            $0.concurrency = 16
            $0.perHost = 16
        })
        var pending = (0..<24).map { FetchRequest(id: $0, url: "\(server.baseURL)/\($0)") }.reversed() as [FetchRequest]
        var completed = 0
        var seen = Set<Int>()
        fetcher.run(
            next: { pending.popLast() }, completed: { _ in completed += 1 },
            holdsStarts: { inFlight in
                seen.insert(inFlight)
                return inFlight >= 3
            })
        #expect(completed == 24)
        #expect(concurrent.current.peak == 3)
        #expect(fetcher.statistics.peakInFlight == 3)
        #expect(seen.isSuperset(of: [0, 3]))
    }

    @Test("no transfer starts while the bodies being received fill the body budget")
    func bodyBudget() throws {
        let server = try LoopbackHTTPServer { _ in
            .init(body: [UInt8](repeating: 9, count: 50_000), delivery: .drip(interval: 0.05, count: 4))
        }
        defer { server.stop() }
        let fetcher = try Fetcher(options: Self.loopbackOptions {
            $0.concurrency = 32
            $0.perHost = 32
            $0.maxPerHost = 32
            $0.maxBodyBytes = 400_000
            $0.bodyBudget = 400_000
        })
        let results = Self.fetch((0..<40).map { "\(server.baseURL)/\($0)" }, with: fetcher)
        #expect(results.allSatisfy { $0.outcome == .ok && $0.body.count == 200_000 })
        // Two bodies fill the budget; a third may start while they do, never many more.
        #expect(fetcher.statistics.peakBodyBytesInFlight <= 400_000 + 3 * 200_000)
        #expect(fetcher.statistics.bodyBudgetWaits > 0)
        #expect(fetcher.statistics.bodyBytesInFlight == 0)
    }

    @Test("refuses infinite or huge timeouts and header values with line breaks, instead of trapping or sending them")
    func unconvertibleOptions() {
        for value in [Double.infinity, 1e300, .nan] {
            var options = FetchOptions()
            options.totalTimeout = value
            #expect(throws: FetchError.self) { try Fetcher(options: options) }
            options = FetchOptions()
            options.connectTimeout = value
            #expect(throws: FetchError.self) { try Fetcher(options: options) }
            options = FetchOptions()
            options.maxRetryDelay = value
            #expect(throws: FetchError.self) { try Fetcher(options: options) }
        }
        var options = FetchOptions()
        options.userAgent = "linksieve\r\nX-Injected: 1"
        #expect(throws: FetchError.self) { try Fetcher(options: options) }
        options = FetchOptions()
        options.contactURL = "https://example.org/\n"
        #expect(throws: FetchError.self) { try Fetcher(options: options) }
    }
}
