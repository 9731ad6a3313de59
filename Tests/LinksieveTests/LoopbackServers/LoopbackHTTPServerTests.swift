import Foundation
import Testing

@testable import Linksieve
@testable import LoopbackServers

@Suite("LoopbackHTTPServer")
struct LoopbackHTTPServerTests {
    @Test("listens on 127.0.0.1 at an ephemeral port and says so in baseURL")
    func baseURL() throws {
        let server = try LoopbackHTTPServer { _ in .init() }
        defer { server.stop() }
        #expect(server.port > 0 && server.port < 65536)
        #expect(server.baseURL == "http://127.0.0.1:\(server.port)")
    }

    @Test("passes method, path with query and lower-cased headers to the handler, and sends its response")
    func roundTrip() throws {
        let seen = Locked<LoopbackHTTPServer.Request?>(nil)
        let server = try LoopbackHTTPServer { request in
            seen.withValue { $0 = request }
            return .init(status: 201, headers: [("X-Thing", "yes"), ("Content-Type", "text/plain")], body: Array("hello".utf8))
        }
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        try client.write("GET /a/b?c=1 HTTP/1.1\r\nHost: x\r\nX-Custom-Header:  spaced value \r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 201)
        #expect(response.headers["x-thing"] == "yes")
        #expect(response.headers["content-type"] == "text/plain")
        #expect(response.headers["content-length"] == "5")
        #expect(response.body == Array("hello".utf8))
        let request = try #require(seen.current)
        #expect(request.method == "GET")
        #expect(request.path == "/a/b?c=1")
        #expect(request.headers["x-custom-header"] == "spaced value")
        #expect(request.headers["host"] == "x")
        #expect(server.requestCount == 1)
    }

    @Test("keeps an HTTP/1.1 connection open for further requests")
    func keepAlive() throws {
        let server = try LoopbackHTTPServer { request in .init(body: Array(request.path.utf8)) }
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        for index in 0..<5 {
            try client.write("GET /\(index) HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().body == Array("/\(index)".utf8))
        }
        #expect(server.requestCount == 5)
        #expect(server.connectionCount == 1)
    }

    @Test("closes the connection after a response when the client asks for close or speaks HTTP/1.0")
    func closesWhenAsked() throws {
        let server = try LoopbackHTTPServer { _ in .init(body: [1, 2, 3]) }
        defer { server.stop() }
        let closing = try RawHTTPClient(port: server.port)
        try closing.write("GET / HTTP/1.1\r\nConnection: close\r\n\r\n")
        let response = try closing.readResponse()
        #expect(response.headers["connection"] == "close")
        #expect(try closing.isClosedByPeer())

        let old = try RawHTTPClient(port: server.port)
        try old.write("GET / HTTP/1.0\r\n\r\n")
        #expect(try old.readResponse().body == [1, 2, 3])
        #expect(try old.isClosedByPeer())
    }

    @Test("sends chunked bodies without a Content-Length")
    func chunked() throws {
        let body = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let server = try LoopbackHTTPServer { _ in .init(body: body, delivery: .chunked) }
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        try client.write("GET / HTTP/1.1\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.headers["content-length"] == nil)
        #expect(response.headers["transfer-encoding"] == "chunked")
        #expect(response.body == body)
        try client.write("GET / HTTP/1.1\r\n\r\n")
        #expect(try client.readResponse().body == body)
    }

    @Test("ends a close-delimited body by closing the connection")
    func untilClose() throws {
        let server = try LoopbackHTTPServer { _ in .init(body: Array("abc".utf8), delivery: .untilClose) }
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        try client.write("GET / HTTP/1.1\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.headers["content-length"] == nil)
        #expect(response.headers["transfer-encoding"] == nil)
        #expect(response.body == Array("abc".utf8))
    }

    @Test("drips a body chunk by chunk with pauses in between")
    func drip() throws {
        let server = try LoopbackHTTPServer { _ in .init(body: [9, 9], delivery: .drip(interval: 0.05, count: 4)) }
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        let start = Date()
        try client.write("GET / HTTP/1.1\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.body == [UInt8](repeating: 9, count: 8))
        #expect(Date().timeIntervalSince(start) >= 0.2)
    }

    @Test("answers HEAD with headers only")
    func head() throws {
        let server = try LoopbackHTTPServer { _ in .init(body: [1, 2, 3, 4]) }
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        try client.write("HEAD / HTTP/1.1\r\n\r\n")
        let response = try client.readResponse(bodyExpected: false)
        #expect(response.headers["content-length"] == "4")
        try client.write("GET / HTTP/1.1\r\n\r\n")
        #expect(try client.readResponse().body == [1, 2, 3, 4])
    }

    @Test("skips a request body announced by Content-Length")
    func requestBody() throws {
        let server = try LoopbackHTTPServer { request in .init(body: Array(request.method.utf8)) }
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        try client.write("POST /form HTTP/1.1\r\nContent-Length: 5\r\n\r\nabcdeGET /next HTTP/1.1\r\n\r\n")
        #expect(try client.readResponse().body == Array("POST".utf8))
        #expect(try client.readResponse().body == Array("GET".utf8))
        #expect(server.requestCount == 2)
    }

    @Test("answers a malformed request with 400 and closes, without calling the handler")
    func malformed() throws {
        let server = try LoopbackHTTPServer { _ in .init() }
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        try client.write("NONSENSE\r\n\r\n")
        #expect(try client.readResponse().status == 400)
        #expect(try client.isClosedByPeer())
        #expect(server.requestCount == 0)
    }

    @Test("answers bytes that cannot start a request with 400 at once, without waiting for a blank line")
    func notHTTP() throws {
        let server = try LoopbackHTTPServer { _ in .init() }
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        try client.write("\u{16}\u{03}\u{01}")
        #expect(try client.readResponse().status == 400)
        #expect(server.requestCount == 0)
    }

    @Test("stop closes open connections, cuts a drip short and refuses new connections")
    func stop() throws {
        let server = try LoopbackHTTPServer { _ in .init(body: [1], delivery: .drip(interval: 10, count: 100)) }
        let client = try RawHTTPClient(port: server.port)
        try client.write("GET / HTTP/1.1\r\n\r\n")
        while server.requestCount == 0 { usleep(1000) }
        let start = Date()
        server.stop()
        #expect(Date().timeIntervalSince(start) < 2)
        #expect(throws: RawHTTPClient.Failure.self) { _ = try client.readResponse() }
        #expect(throws: RawHTTPClient.Failure.self) { _ = try RawHTTPClient(port: server.port) }
    }

    @Test("serves thousands of requests from parallel keep-alive clients")
    func throughput() async throws {
        let server = try LoopbackHTTPServer { request in .init(body: Array(request.path.utf8)) }
        defer { server.stop() }
        let clients = 8
        let perClient = 500
        try await withThrowingTaskGroup(of: Int.self) { group in
            for clientIndex in 0..<clients {
                group.addTask {
                    let client = try RawHTTPClient(port: server.port)
                    var correct = 0
                    for index in 0..<perClient {
                        try client.write("GET /\(clientIndex)/\(index) HTTP/1.1\r\n\r\n")
                        if try client.readResponse().body == Array("/\(clientIndex)/\(index)".utf8) { correct += 1 }
                    }
                    return correct
                }
            }
            var total = 0
            for try await correct in group { total += correct }
            #expect(total == clients * perClient)
        }
        #expect(server.requestCount == clients * perClient)
        #expect(server.connectionCount == clients)
    }
}
