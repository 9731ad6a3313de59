import Foundation
import Linksieve
import Synchronization

/// A `DemoDataset` served from 127.0.0.1 the way a well-behaved image host serves it: bodies
/// with an ETag, 304 for a matching If-None-Match, 404 for what it does not have. It counts the
/// requests per path, and its content can be changed while it runs (for rescan tests).
public final class DemoServer: Sendable {
    public let dataset: DemoDataset
    private let content: Content
    private let server: LoopbackHTTPServer

    public init(dataset: DemoDataset) throws {
        self.dataset = dataset
        let content = Content()
        content.state.withLock { state in
            for row in dataset.rows { state.serve(row.body, at: row.path) }
        }
        self.content = content
        server = try LoopbackHTTPServer { content.respond(to: $0) }
    }

    deinit { server.stop() }

    public var baseURL: String { server.baseURL }

    public func stop() { server.stop() }

    /// Requests received, per path.
    public var requestsByPath: [String: Int] { content.state.withLock { $0.requests } }
    public var requestCount: Int { content.state.withLock { $0.requests.values.reduce(0, +) } }
    /// Requests answered 304 Not Modified.
    public var notModifiedCount: Int { content.state.withLock { $0.notModified } }

    /// Serves `body` at `path` from now on (nil: 404).
    public func replace(_ path: String, with body: [UInt8]?) {
        content.state.withLock { $0.serve(body, at: path) }
    }

    /// What the server serves and what it has seen, shared with its connection threads.
    private final class Content: Sendable {
        let state = Mutex(State())

        struct State {
            /// Body and ETag per path.
            var bodies: [String: (body: [UInt8], etag: String)] = [:]
            var requests: [String: Int] = [:]
            var notModified = 0

            mutating func serve(_ body: [UInt8]?, at path: String) {
                bodies[path] = body.map { ($0, "\"\(Digests.compute($0).sha256.prefix(16))\"") }
            }
        }

        func respond(to request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
            state.withLock { state in
                state.requests[request.path, default: 0] += 1
                guard let (body, etag) = state.bodies[request.path] else {
                    return .init(status: 404, body: Array("not found\n".utf8))
                }
                if request.headers["if-none-match"] == etag {
                    state.notModified += 1
                    return .init(status: 304, headers: [("ETag", etag)])
                }
                let type = ImageFormat.sniff(body).map { "image/\($0.rawValue)" } ?? "text/html"
                return .init(status: 200, headers: [("Content-Type", type), ("ETag", etag)], body: body)
            }
        }
    }
}
