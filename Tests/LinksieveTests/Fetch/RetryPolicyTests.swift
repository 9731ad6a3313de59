import Foundation
import Testing

@testable import Linksieve
@testable import LoopbackServers

@Suite("RetryPolicy")
struct RetryPolicyTests {
    private static func options(_ adjust: (inout FetchOptions) -> Void = { _ in }) -> FetchOptions {
        var options = FetchOptions()
        options.allowPrivateAddresses = true
        options.connectTimeout = 5
        options.totalTimeout = 20
        options.retryBaseDelay = 0.05
        adjust(&options)
        return options
    }

    /// Fetches `urls`, returning results by id and the seconds after the start each one completed.
    private static func fetch(_ urls: [String], options: FetchOptions) throws -> [Int: (result: FetchResult, at: Double)] {
        let fetcher = try Fetcher(options: options)
        var pending = urls.enumerated().map { FetchRequest(id: $0.offset, url: $0.element) }.reversed() as [FetchRequest]
        let start = ContinuousClock.now
        var results: [Int: (FetchResult, Double)] = [:]
        fetcher.run(next: { pending.popLast() }, completed: { results[$0.id] = ($0, seconds(ContinuousClock.now - start)) })
        return results
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    /// A server answering each path with the statuses in `script` in turn (then 200), recording when requests came.
    private final class ScriptedServer {
        let server: LoopbackHTTPServer
        let arrivals = Locked<[(path: String, at: Date)]>([])

        init(_ script: @escaping @Sendable (_ path: String, _ attempt: Int) -> LoopbackHTTPServer.Response) throws {
            let arrivals = self.arrivals
            server = try LoopbackHTTPServer { request in
                let attempt = arrivals.withValue { list in
                    list.append((request.path, Date()))
                    return list.filter { $0.path == request.path }.count
                }
                return script(request.path, attempt)
            }
        }

        func times(of path: String) -> [Date] { arrivals.current.filter { $0.path == path }.map(\.at) }
    }

    @Test("503 twice then 200 succeeds on the third attempt")
    func recoversFrom503() throws {
        let scripted = try ScriptedServer { _, attempt in attempt <= 2 ? .init(status: 503) : .init(body: [9]) }
        defer { scripted.server.stop() }
        let results = try Self.fetch(["\(scripted.server.baseURL)/x"], options: Self.options())
        let result = try #require(results[0]?.result)
        #expect(result.outcome == .ok)
        #expect(result.body == [9])
        #expect(result.attempts == 3)
        #expect(scripted.server.requestCount == 3)
    }

    @Test("transient statuses are retried `retries` times, then end with their status", arguments: [429, 502, 503, 504])
    func exhausted(_ status: Int) throws {
        let scripted = try ScriptedServer { _, _ in .init(status: status) }
        defer { scripted.server.stop() }
        let results = try Self.fetch(["\(scripted.server.baseURL)/x"], options: Self.options { $0.retries = 2 })
        let result = try #require(results[0]?.result)
        #expect(result.outcome == .httpStatus(status))
        #expect(result.outcome.reason == "http-\(status)")
        #expect(result.attempts == 3)
        #expect(scripted.server.requestCount == 3)
    }

    @Test("permanent failures are not retried", arguments: [404, 403, 410, 500])
    func permanentStatus(_ status: Int) throws {
        let scripted = try ScriptedServer { _, _ in .init(status: status) }
        defer { scripted.server.stop() }
        let results = try Self.fetch(["\(scripted.server.baseURL)/x"], options: Self.options())
        #expect(results[0]?.result.outcome == .httpStatus(status))
        #expect(results[0]?.result.attempts == 1)
        #expect(scripted.server.requestCount == 1)
    }

    @Test("too-large and blocked fetches are not retried")
    func notRetried() throws {
        let scripted = try ScriptedServer { path, _ in
            path == "/big" ? .init(body: [UInt8](repeating: 0, count: 5000)) : .redirect(to: "ftp://127.0.0.1:9/")
        }
        defer { scripted.server.stop() }
        let results = try Self.fetch(["\(scripted.server.baseURL)/big", "\(scripted.server.baseURL)/ftp"],
                                     options: Self.options { $0.maxBodyBytes = 1000 })
        #expect(results[0]?.result.outcome == .tooLarge)
        #expect(results[1]?.result.outcome == .blockedScheme)
        #expect(results.values.map(\.result.attempts) == [1, 1])
        #expect(scripted.server.requestCount == 2)
    }

    @Test("a 429 with Retry-After in seconds waits that long and pauses its host meanwhile")
    func retryAfterSecondsPausesHost() throws {
        let scripted = try ScriptedServer { path, attempt in
            path == "/limited" && attempt == 1 ? .init(status: 429, headers: [("Retry-After", "1")]) : .init(body: [1])
        }
        defer { scripted.server.stop() }
        let base = scripted.server.baseURL
        // perHost 1: the others queue behind /limited, and must also wait out the pause.
        let results = try Self.fetch(["\(base)/limited", "\(base)/a", "\(base)/b"], options: Self.options { $0.perHost = 1 })
        #expect(results.values.allSatisfy { $0.result.outcome == .ok })
        #expect(results[0]?.result.attempts == 2)
        let limited = scripted.times(of: "/limited")
        #expect(limited.count == 2)
        let wait = limited[1].timeIntervalSince(limited[0])
        #expect(wait >= 0.95 && wait < 1.6, "retried after \(wait) s")
        for path in ["/a", "/b"] {
            let at = try #require(scripted.times(of: path).first)
            #expect(at.timeIntervalSince(limited[0]) >= 0.95, "\(path) was requested during the pause")
        }
    }

    @Test("a Retry-After given as an HTTP date is honoured")
    func retryAfterDate() throws {
        let scripted = try ScriptedServer { _, attempt in
            guard attempt == 1 else { return .init(body: [1]) }
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
            return .init(status: 503, headers: [("Retry-After", formatter.string(from: Date().addingTimeInterval(2)))])
        }
        defer { scripted.server.stop() }
        let results = try Self.fetch(["\(scripted.server.baseURL)/x"], options: Self.options())
        #expect(results[0]?.result.outcome == .ok)
        let times = scripted.times(of: "/x")
        #expect(times.count == 2)
        // Whole seconds on the wire: the wait is between one and two seconds (and a bit).
        let wait = times[1].timeIntervalSince(times[0])
        #expect(wait >= 0.95 && wait < 2.6, "retried after \(wait) s")
    }

    @Test("a Retry-After longer than maxRetryDelay ends the fetch at once instead of retrying early")
    func retryAfterTooLong() throws {
        let scripted = try ScriptedServer { _, _ in .init(status: 429, headers: [("Retry-After", "3600")]) }
        defer { scripted.server.stop() }
        let results = try Self.fetch(["\(scripted.server.baseURL)/x"], options: Self.options { $0.maxRetryDelay = 60 })
        #expect(results[0]?.result.outcome == .httpStatus(429))
        #expect(results[0]?.result.attempts == 1)
        #expect(try #require(results[0]?.at) < 1)
    }

    @Test("a retry waiting out its backoff does not hold up other transfers")
    func backoffDoesNotBlock() throws {
        let failing = try ScriptedServer { _, _ in .init(status: 503) }
        defer { failing.server.stop() }
        let healthy = try LoopbackHTTPServer { _ in .init(body: [2]) }
        defer { healthy.stop() }
        let urls = ["\(failing.server.baseURL)/down"] + (0..<100).map { "\(healthy.baseURL)/\($0)" }
        let results = try Self.fetch(urls, options: Self.options {
            $0.concurrency = 4
            $0.retryBaseDelay = 0.6
            $0.retries = 2
        })
        let down = try #require(results[0])
        #expect(down.result.outcome == .httpStatus(503))
        #expect(down.at >= 0.6 * 0.5 + 1.2 * 0.5, "gave up after \(down.at) s")
        let healthyDone = results.filter { $0.key > 0 }.map(\.value.at).max() ?? .infinity
        #expect(healthyDone < down.at, "the healthy URLs finished at \(healthyDone) s, the failing one at \(down.at) s")
        #expect(results.count == 101)
    }

    @Test("backoff doubles per failure with jitter in [0.5, 1.5), capped; Retry-After is never undercut")
    func delays() {
        var options = FetchOptions()
        options.retries = 5
        options.retryBaseDelay = 1
        options.maxRetryDelay = 10
        let policy = RetryPolicy(options: options)
        var random = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            for failures in 1...3 {
                let delay = policy.delay(afterFailures: failures, retryAfter: nil, using: &random)!
                let base = Double(1 << (failures - 1))
                #expect(delay >= base * 0.5 && delay < base * 1.5)
            }
            #expect(policy.delay(afterFailures: 5, retryAfter: nil, using: &random)! <= 10)
            let honoured = policy.delay(afterFailures: 1, retryAfter: 4, using: &random)!
            #expect(honoured >= 4 && honoured < 4.4)
        }
        #expect(policy.delay(afterFailures: 6, retryAfter: nil, using: &random) == nil)
        #expect(policy.delay(afterFailures: 1, retryAfter: 11, using: &random) == nil)
    }

    @Test("only transient outcomes count as transient", arguments: [
        (FetchOutcome.httpStatus(429), false, true), (.httpStatus(503), true, true), (.httpStatus(502), true, true),
        (.httpStatus(504), true, true), (.connectionReset, true, true), (.timeout, false, true), (.timeout, true, false),
        (.httpStatus(404), true, false), (.httpStatus(500), true, false), (.tooLarge, true, false),
        (.blockedAddress, false, false), (.blockedScheme, false, false), (.tlsFailure, false, false),
        (.truncatedBody, true, false), (.connectFailed, false, false), (.dnsFailure, false, false), (.ok, true, false),
    ])
    func transient(_ outcome: FetchOutcome, _ requestSent: Bool, _ expected: Bool) {
        #expect(RetryPolicy.isTransient(outcome, requestSent: requestSent) == expected)
    }

    @Test("reads Retry-After as seconds or as an HTTP date")
    func parsesRetryAfter() {
        #expect(CurlTransfer.retryAfterSeconds("120") == 120)
        #expect(CurlTransfer.retryAfterSeconds("0") == 0)
        #expect(CurlTransfer.retryAfterSeconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0)
        #expect(CurlTransfer.retryAfterSeconds("soon") == nil)
        #expect(CurlTransfer.retryAfterSeconds("-5") == nil)
    }
}
