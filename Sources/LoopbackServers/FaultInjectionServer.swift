import Foundation
import Synchronization

internal import CZlib

/// A loopback web server whose paths misbehave the ways hosts on the open web do (slow, endless,
/// oversized, compressed, looping, rate-limited, failing, lying), next to paths that behave, so
/// tests can show that every hostile case ends in a named outcome without disturbing the rest.
///
/// Only 127.0.0.1 is ever listened on. Two faults redirect to a private and a link-local address:
/// fetch them only with a policy that refuses those ranges (for example `permittedNetworks`
/// of just 127.0.0.1/32, never `allowPrivateAddresses`), so they are refused before any socket
/// is opened and nothing leaves the machine.
public final class FaultInjectionServer: Sendable {
    /// One kind of behaviour, served under "/<rawValue>/<key>".
    public enum Fault: String, CaseIterable, Sendable {
        /// One byte every half second, forever: too slow for any low-speed limit.
        case dripForever = "drip-forever"
        /// Chunks of 64 KiB as fast as they go, with no end and no length.
        case endlessBody = "endless-body"
        /// A body one byte over the cap, with an honest Content-Length.
        case overCap = "over-cap"
        /// A few KiB of gzip that inflates to `bombExpandedBytes`, sent with Content-Encoding: gzip.
        case gzipBomb = "gzip-bomb"
        /// The same as zlib "deflate", sent with Content-Encoding: deflate.
        case deflateBomb = "deflate-bomb"
        /// A redirect to itself.
        case redirectLoop = "redirect-loop"
        /// Redirects to file:///etc/passwd, ftp:// and gopher:// URLs (the latter two on loopback's discard port).
        case redirectToFile = "redirect-to-file"
        case redirectToFTP = "redirect-to-ftp"
        case redirectToGopher = "redirect-to-gopher"
        /// A redirect to http://10.0.0.1/ (RFC 1918).
        case redirectToPrivate = "redirect-to-private"
        /// A redirect to the cloud metadata address, http://169.254.169.254/.
        case redirectToLinkLocal = "redirect-to-link-local"
        /// 429 with Retry-After, every time.
        case tooManyRequests = "too-many-requests"
        /// 503 `unavailableResponses` times for each key, then the image.
        case unavailableThenOK = "unavailable-then-ok"
        /// Announces the image's length, sends 1,000 bytes of it, then resets the connection.
        case resetMidBody = "reset-mid-body"
        /// Announces 1,000 bytes more than it sends, then closes.
        case lyingContentLength = "lying-content-length"
        /// Says image/jpeg, sends an HTML page.
        case lyingContentType = "lying-content-type"
        /// An HTML page, labelled as such, where an image was expected.
        case htmlInsteadOfImage = "html-instead-of-image"
        /// The image, with X-Robots-Tag headers opting it out of AI use.
        case robotsNoAI = "robots-noai"
        /// The image, served properly.
        case image
    }

    public let maxBodyBytes: Int
    /// The body `.image` (and the faults that end in an image) serve.
    public let imageBody: [UInt8]
    public let gzipBomb: [UInt8]
    public let deflateBomb: [UInt8]
    private let server: LoopbackHTTPServer

    /// Starts listening at once. `maxBodyBytes` is the cap of the fetcher under test (for
    /// `.overCap`); `retryAfterSeconds` is what `.tooManyRequests` asks for.
    public init(
        maxBodyBytes: Int, bombExpandedBytes: Int = 64 << 20, unavailableResponses: Int = 2,
        retryAfterSeconds: Int = 1
    ) throws(LoopbackHTTPServerError) {
        self.maxBodyBytes = maxBodyBytes
        let image = (0..<20_000).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }
        let gzip = Self.zeros(compressedTo: bombExpandedBytes, gzip: true)
        let deflate = Self.zeros(compressedTo: bombExpandedBytes, gzip: false)
        imageBody = image
        gzipBomb = gzip
        deflateBomb = deflate
        let failures = FailureCounter(limit: unavailableResponses)
        server = try LoopbackHTTPServer { request in
            let parts = request.path.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: true)
            guard let name = parts.first, let fault = Fault(rawValue: String(name)) else { return .init(status: 404) }
            return Self.respond(
                to: fault, path: request.path, image: image, gzip: gzip, deflate: deflate, maxBodyBytes: maxBodyBytes,
                failures: failures, retryAfter: retryAfterSeconds)
        }
    }

    deinit {
        server.stop()
    }

    /// The URL of `fault`; distinct keys make distinct URLs (and separate `.unavailableThenOK` counts).
    public func url(_ fault: Fault, key: String = "0") -> String {
        "\(server.baseURL)/\(fault.rawValue)/\(key)"
    }

    public var port: Int { server.port }
    public var requestCount: Int { server.requestCount }

    public func stop() {
        server.stop()
    }

    private static let html = Array("<!doctype html><html><head><title>Not an image</title></head><body>Hello</body></html>".utf8)

    private static func respond(
        to fault: Fault, path: String, image: [UInt8], gzip: [UInt8], deflate: [UInt8], maxBodyBytes: Int,
        failures: FailureCounter, retryAfter: Int
    ) -> LoopbackHTTPServer.Response {
        let imageHeaders = [("Content-Type", "image/x-test")]
        switch fault {
        case .dripForever:
            return .init(headers: imageHeaders, body: [0], delivery: .drip(interval: 0.5, count: .max))
        case .endlessBody:
            return .init(headers: imageHeaders, body: [UInt8](repeating: 0x5A, count: 64 * 1024),
                         delivery: .drip(interval: 0, count: .max))
        case .overCap:
            return .init(headers: imageHeaders, body: [UInt8](repeating: 1, count: maxBodyBytes + 1))
        case .gzipBomb:
            return .init(headers: imageHeaders + [("Content-Encoding", "gzip")], body: gzip)
        case .deflateBomb:
            return .init(headers: imageHeaders + [("Content-Encoding", "deflate")], body: deflate)
        case .redirectLoop:
            return .redirect(to: path)
        case .redirectToFile:
            return .redirect(to: "file:///etc/passwd")
        case .redirectToFTP:
            return .redirect(to: "ftp://127.0.0.1:9/image")
        case .redirectToGopher:
            return .redirect(to: "gopher://127.0.0.1:9/1")
        case .redirectToPrivate:
            return .redirect(to: "http://10.0.0.1/image.jpg")
        case .redirectToLinkLocal:
            return .redirect(to: "http://169.254.169.254/latest/meta-data/")
        case .tooManyRequests:
            return .init(status: 429, headers: [("Retry-After", String(retryAfter))], body: Array("slow down".utf8))
        case .unavailableThenOK:
            guard failures.fail(path) else { return .init(headers: imageHeaders, body: image) }
            return .init(status: 503, body: Array("busy".utf8))
        case .resetMidBody:
            return .init(headers: imageHeaders, body: image, delivery: .resetAfter(bytes: 1000))
        case .lyingContentLength:
            return .init(headers: imageHeaders + [("Content-Length", String(image.count + 1000))], body: image,
                         delivery: .untilClose)
        case .lyingContentType:
            return .init(headers: [("Content-Type", "image/jpeg")], body: html)
        case .htmlInsteadOfImage:
            return .init(headers: [("Content-Type", "text/html; charset=utf-8")], body: html)
        case .robotsNoAI:
            return .init(
                headers: imageHeaders + [("X-Robots-Tag", "noai, noimageai"), ("X-Robots-Tag", "otherbot: noindex")],
                body: image)
        case .image:
            return .init(headers: imageHeaders, body: image)
        }
    }

    /// `count` zero bytes compressed as gzip (RFC 1952) or zlib (RFC 1950, HTTP's "deflate"):
    /// about a thousandth of the size they inflate to.
    private static func zeros(compressedTo count: Int, gzip: Bool) -> [UInt8] {
        var stream = z_stream()
        let windowBits: Int32 = gzip ? 15 + 16 : 15
        guard deflateInit2_(&stream, 9, Z_DEFLATED, windowBits, 9, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                            Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { return [] }
        defer { deflateEnd(&stream) }
        var input = [UInt8](repeating: 0, count: 1 << 20)
        var output = [UInt8](repeating: 0, count: 64 * 1024)
        var compressed: [UInt8] = []
        var remaining = count
        var status = Z_OK
        repeat {
            let piece = min(remaining, input.count)
            remaining -= piece
            let flush = remaining == 0 ? Z_FINISH : Z_NO_FLUSH
            input.withUnsafeMutableBufferPointer { inputBuffer in
                stream.next_in = inputBuffer.baseAddress
                stream.avail_in = uInt(piece)
                repeat {
                    output.withUnsafeMutableBufferPointer { outputBuffer in
                        stream.next_out = outputBuffer.baseAddress
                        stream.avail_out = uInt(outputBuffer.count)
                        status = deflate(&stream, flush)
                        compressed.append(contentsOf: outputBuffer.prefix(outputBuffer.count - Int(stream.avail_out)))
                    }
                } while stream.avail_out == 0
            }
        } while remaining > 0
        return status == Z_STREAM_END ? compressed : []
    }

    /// Counts failures served per path, shared by the server's connection threads.
    private final class FailureCounter: Sendable {
        private let limit: Int
        private let served = Mutex<[String: Int]>([:])

        init(limit: Int) {
            self.limit = limit
        }

        /// Whether this request for `path` should still fail, counting it if so.
        func fail(_ path: String) -> Bool {
            served.withLock { served in
                guard served[path, default: 0] < limit else { return false }
                served[path, default: 0] += 1
                return true
            }
        }
    }
}
