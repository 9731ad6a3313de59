/// A small HTTP/1.1 server on 127.0.0.1 and an ephemeral port, so the tests and the demo have
/// web servers to fetch from without any traffic leaving the machine. One thread per connection,
/// keep-alive, and bodies that can be sent whole, chunked, close-delimited, dripped slowly or cut
/// off by a reset.
public final class LoopbackHTTPServer: Sendable {
    /// What the handler sees of a request.
    public struct Request: Sendable {
        public let method: String
        /// The request target as sent, query included.
        public let path: String
        /// Lower-cased names.
        public let headers: [String: String]

        public init(method: String, path: String, headers: [String: String]) {
            self.method = method
            self.path = path
            self.headers = headers
        }
    }

    public struct Response: Sendable {
        /// How the body goes on the wire.
        public enum Delivery: Equatable, Sendable {
            /// With a Content-Length header (unless the handler set one itself).
            case contentLength
            /// With Transfer-Encoding: chunked, so the client learns the size only at the end.
            case chunked
            /// With no length at all; the connection closes after the body.
            case untilClose
            /// Chunked, the body sent `count` times, each after a pause of `interval` seconds.
            case drip(interval: Double, count: Int)
            /// With a Content-Length for the whole body, but only its first `bytes` are sent before
            /// the connection is reset (TCP RST), as a crashing or hostile server does.
            case resetAfter(bytes: Int)
        }

        public var status: Int
        public var headers: [(String, String)]
        public var body: [UInt8]
        public var delivery: Delivery

        public init(status: Int = 200, headers: [(String, String)] = [], body: [UInt8] = []) {
            self.init(status: status, headers: headers, body: body, delivery: .contentLength)
        }

        public init(status: Int = 200, headers: [(String, String)] = [], body: [UInt8] = [], delivery: Delivery) {
            self.status = status
            self.headers = headers
            self.body = body
            self.delivery = delivery
        }

        /// A redirect to `location` (absolute URL or path).
        public static func redirect(to location: String, status: Int = 302) -> Response {
            Response(status: status, headers: [("Location", location)])
        }
    }

    public let port: Int
    private let listener: LoopbackListener

    /// Starts listening at once. The handler runs on connection threads, possibly many at a time;
    /// it must not capture the server itself (that would keep it alive forever).
    public init(handler: @escaping @Sendable (Request) -> Response) throws(LoopbackHTTPServerError) {
        listener = try LoopbackListener(handler: handler)
        port = listener.port
        listener.start()
    }

    deinit {
        listener.stop()
    }

    /// "http://127.0.0.1:PORT", without a trailing slash.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Requests received so far (counted before the handler runs).
    public var requestCount: Int { listener.requestCount }

    /// Connections accepted so far; with keep-alive, far fewer than requests.
    public var connectionCount: Int { listener.connectionCount }

    /// Closes the listener and every open connection, and waits briefly for their threads to end.
    public func stop() {
        listener.stop()
    }
}
