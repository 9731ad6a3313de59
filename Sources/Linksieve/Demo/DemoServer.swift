import Foundation

/// A `DemoDataset` served from 127.0.0.1 the way a well-behaved image host serves it: bodies
/// with an ETag, 304 for a matching If-None-Match, 404 for what it does not have. It counts the
/// requests per path, and its content can be changed while it runs (for rescan tests).
public final class DemoServer: @unchecked Sendable {
    public let dataset: DemoDataset
    private let server: LoopbackHTTPServer
    private let lock = NSLock()
    private var bodies: [String: [UInt8]]
    private var requests: [String: Int] = [:]
    private var notModified = 0

    public init(dataset: DemoDataset) throws {
        self.dataset = dataset
        var bodies: [String: [UInt8]] = [:]
        for row in dataset.rows { bodies[row.path] = row.body }
        self.bodies = bodies
        weak var weakSelf: DemoServer?
        server = try LoopbackHTTPServer { request in
            weakSelf?.respond(to: request) ?? .init(status: 503)
        }
        weakSelf = self
    }

    deinit { server.stop() }

    public var baseURL: String { server.baseURL }

    public func stop() { server.stop() }

    /// Requests received, per path.
    public var requestsByPath: [String: Int] { lock.withLock { requests } }
    public var requestCount: Int { lock.withLock { requests.values.reduce(0, +) } }
    /// Requests answered 304 Not Modified.
    public var notModifiedCount: Int { lock.withLock { notModified } }

    /// Serves `body` at `path` from now on (nil: 404).
    public func replace(_ path: String, with body: [UInt8]?) {
        lock.withLock { bodies[path] = body }
    }

    private func respond(to request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
        lock.withLock {
            requests[request.path, default: 0] += 1
            guard let body = bodies[request.path] else { return .init(status: 404, body: Array("not found\n".utf8)) }
            let etag = "\"\(Digests.compute(body).sha256.prefix(16))\""
            if request.headers["if-none-match"] == etag {
                notModified += 1
                return .init(status: 304, headers: [("ETag", etag)])
            }
            let type = ImageFormat.sniff(body).map { "image/\($0.rawValue)" } ?? "text/html"
            return .init(status: 200, headers: [("Content-Type", type), ("ETag", etag)], body: body)
        }
    }
}
