import Testing

@testable import Linksieve
@testable import LoopbackServers

@Suite("HTTPRequestHead")
struct HTTPRequestHeadTests {
    private func parse(_ text: String) -> HTTPRequestHead? {
        HTTPRequestHead(Array(text.utf8)[...])
    }

    @Test("parses the request line and lower-cases header names, joining repeats")
    func parses() throws {
        let head = try #require(parse("GET /x?y=1 HTTP/1.1\r\nHost: a\r\nAccept: one\r\naccept:two\r\nX-Empty:"))
        #expect(head.method == "GET")
        #expect(head.target == "/x?y=1")
        #expect(head.version == "HTTP/1.1")
        #expect(head.headers == ["host": "a", "accept": "one, two", "x-empty": ""])
    }

    @Test("rejects heads that are not HTTP/1.x requests", arguments: [
        "", "GET /", "GET / HTTP/2", "GET  / HTTP/1.1", "GET / HTTP/1.1\r\nno colon here",
    ])
    func rejects(_ text: String) {
        #expect(parse(text) == nil)
    }

    @Test("keeps HTTP/1.1 alive unless asked to close, HTTP/1.0 only when asked to keep alive")
    func keepAlive() throws {
        #expect(try #require(parse("GET / HTTP/1.1")).keepsAlive)
        #expect(try !#require(parse("GET / HTTP/1.1\r\nConnection: Close")).keepsAlive)
        #expect(try !#require(parse("GET / HTTP/1.0")).keepsAlive)
        #expect(try #require(parse("GET / HTTP/1.0\r\nConnection: keep-alive")).keepsAlive)
    }

    @Test("reads the request body length, refusing nonsense")
    func bodyLength() throws {
        #expect(try #require(parse("GET / HTTP/1.1")).bodyLength == 0)
        #expect(try #require(parse("POST / HTTP/1.1\r\nContent-Length: 12")).bodyLength == 12)
        #expect(try #require(parse("POST / HTTP/1.1\r\nContent-Length: -1")).bodyLength == nil)
        #expect(try #require(parse("POST / HTTP/1.1\r\nContent-Length: x")).bodyLength == nil)
    }

    @Test("finds the blank line that ends a head, also when it arrived split across reads")
    func endOfHead() {
        let bytes = Array("GET / HTTP/1.1\r\nA: b\r\n\r\nrest".utf8)
        #expect(HTTPRequestHead.endOfHead(in: bytes, from: 0) == 24)
        #expect(HTTPRequestHead.endOfHead(in: bytes, from: 22) == 24)
        #expect(HTTPRequestHead.endOfHead(in: Array(bytes[0..<23]), from: 0) == nil)
    }
}
