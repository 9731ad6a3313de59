#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Serves the requests of one accepted connection of a `LoopbackHTTPServer`, in order,
/// until the client closes it, asks for close, or the server stops.
struct LoopbackHTTPConnection {
    typealias Response = LoopbackHTTPServer.Response

    let socket: SocketDescriptor
    let listener: LoopbackListener

    /// Heads larger than this are refused; real clients send a few hundred bytes.
    private static let maxHeadBytes = 64 * 1024
    /// Responses up to this size go out in one write, head and body together.
    private static let coalesceLimit = 256 * 1024

    func serve() {
        var buffer: [UInt8] = []
        var scratch = [UInt8](repeating: 0, count: 16 * 1024)
        while !listener.isStopped {
            var searched = 0
            var headEnd = HTTPRequestHead.endOfHead(in: buffer, from: 0)
            while headEnd == nil {
                // A request starts with a method name; anything else (a TLS hello, say) gets an
                // answer at once instead of a wait for a blank line that never comes.
                if let first = buffer.first, !(UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(first) {
                    refuse(status: 400)
                    return
                }
                if buffer.count > Self.maxHeadBytes {
                    refuse(status: 431)
                    return
                }
                searched = buffer.count
                guard socket.receive(into: &buffer, scratch: &scratch) else { return }
                headEnd = HTTPRequestHead.endOfHead(in: buffer, from: searched)
            }
            guard let headEnd, let head = HTTPRequestHead(buffer[0..<(headEnd - 4)]) else {
                refuse(status: 400)
                return
            }
            guard head.headers["transfer-encoding"] == nil, let bodyLength = head.bodyLength else {
                refuse(status: 501)
                return
            }
            while buffer.count < headEnd + bodyLength {
                guard socket.receive(into: &buffer, scratch: &scratch) else { return }
            }
            buffer.removeFirst(headEnd + bodyLength)

            listener.countRequest()
            let response = listener.handler(.init(method: head.method, path: head.target, headers: head.headers))
            let keepAlive = head.keepsAlive && response.delivery != .untilClose
            guard send(response, withBody: head.method != "HEAD", keepAlive: keepAlive), keepAlive else { return }
        }
    }

    private func refuse(status: Int) {
        _ = send(Response(status: status), withBody: true, keepAlive: false)
    }

    /// False when the connection must end (peer gone, server stopping).
    private func send(_ response: Response, withBody: Bool, keepAlive: Bool) -> Bool {
        var head = "HTTP/1.1 \(response.status) \(Self.reasonPhrase(response.status))\r\n"
        for (name, value) in response.headers {
            head += "\(name): \(value)\r\n"
        }
        switch response.delivery {
        case .contentLength, .resetAfter:
            if !response.headers.contains(where: { $0.0.lowercased() == "content-length" }) {
                head += "Content-Length: \(response.body.count)\r\n"
            }
        case .chunked, .drip:
            head += "Transfer-Encoding: chunked\r\n"
        case .untilClose:
            break
        }
        if !keepAlive { head += "Connection: close\r\n" }
        head += "\r\n"
        let headBytes = Array(head.utf8)
        guard withBody else { return socket.sendAll(headBytes) }

        switch response.delivery {
        case .contentLength, .untilClose:
            return sendWhole(headBytes, response.body)
        case .chunked:
            let framed = response.body.isEmpty ? [] : Self.chunk(response.body)
            return sendWhole(headBytes, framed + Self.lastChunk)
        case .drip(let interval, let count):
            guard socket.sendAll(headBytes) else { return false }
            // An empty chunk would end the body early, so an empty drip only waits.
            let framed = response.body.isEmpty ? [] : Self.chunk(response.body)
            for _ in 0..<max(0, count) {
                guard pause(interval), framed.isEmpty || socket.sendAll(framed) else { return false }
            }
            return socket.sendAll(Self.lastChunk)
        case .resetAfter(let bytes):
            _ = sendWhole(headBytes, Array(response.body.prefix(max(0, bytes))))
            socket.resetOnClose()
            return false
        }
    }

    private func sendWhole(_ head: [UInt8], _ body: [UInt8]) -> Bool {
        if head.count + body.count <= Self.coalesceLimit {
            return socket.sendAll(head + body)
        }
        return socket.sendAll(head) && socket.sendAll(body)
    }

    /// Sleeps in short slices so a stopping server is not held up; false if it stopped meanwhile.
    private func pause(_ seconds: Double) -> Bool {
        var remaining = seconds
        while remaining > 0 {
            if listener.isStopped { return false }
            let slice = min(remaining, 0.02)
            usleep(useconds_t(slice * 1_000_000))
            remaining -= slice
        }
        return !listener.isStopped
    }

    private static let lastChunk = Array("0\r\n\r\n".utf8)

    private static func chunk(_ bytes: [UInt8]) -> [UInt8] {
        Array((String(bytes.count, radix: 16) + "\r\n").utf8) + bytes + [13, 10]
    }

    private static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 204: "No Content"
        case 206: "Partial Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 410: "Gone"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 503: "Service Unavailable"
        default: "Status \(status)"
        }
    }
}
