import Foundation

#if canImport(Glibc)
import Glibc
private let noSignal = Int32(MSG_NOSIGNAL)
#elseif canImport(Darwin)
import Darwin
private let noSignal: Int32 = 0
#endif

/// A bare TCP client to 127.0.0.1 that writes requests by hand and parses responses by hand,
/// so the loopback server is tested without libcurl in between.
final class RawHTTPClient {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let fd: Int32
    private var buffer: [UInt8] = []

    init(port: Int) throws {
        #if canImport(Glibc)
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw Failure(description: "socket failed") }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = in_addr_t(0x7f00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            throw Failure(description: "connect to 127.0.0.1:\(port) failed")
        }
    }

    deinit {
        close(fd)
    }

    func write(_ text: String) throws {
        let bytes = Array(text.utf8)
        let sent = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, noSignal) }
        guard sent == bytes.count else { throw Failure(description: "short send") }
    }

    /// Reads one response; `bodyExpected` is false for HEAD.
    func readResponse(bodyExpected: Bool = true) throws -> Response {
        let headEnd = try readUntil { Self.find([13, 10, 13, 10], in: $0).map { $0 + 4 } }
        let head = String(decoding: buffer[0..<(headEnd - 4)], as: UTF8.self).components(separatedBy: "\r\n")
        buffer.removeFirst(headEnd)
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw Failure(description: "bad status line \(head[0])")
        }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            headers[parts[0].lowercased()] = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        }
        guard bodyExpected else { return Response(status: status, headers: headers, body: []) }
        if let length = headers["content-length"].flatMap({ Int($0) }) {
            _ = try readUntil { $0.count >= length ? length : nil }
            let body = Array(buffer[0..<length])
            buffer.removeFirst(length)
            return Response(status: status, headers: headers, body: body)
        }
        if headers["transfer-encoding"] == "chunked" {
            var body: [UInt8] = []
            while true {
                let lineEnd = try readUntil { Self.find([13, 10], in: $0) }
                let size = Int(String(decoding: buffer[0..<lineEnd], as: UTF8.self), radix: 16) ?? -1
                guard size >= 0 else { throw Failure(description: "bad chunk size") }
                _ = try readUntil { $0.count >= lineEnd + 2 + size + 2 ? 0 : nil }
                body += buffer[(lineEnd + 2)..<(lineEnd + 2 + size)]
                buffer.removeFirst(lineEnd + 2 + size + 2)
                if size == 0 { return Response(status: status, headers: headers, body: body) }
            }
        }
        while try fill() {}
        let body = buffer
        buffer = []
        return Response(status: status, headers: headers, body: body)
    }

    /// Whether the server has closed the connection (reads end of stream).
    func isClosedByPeer() throws -> Bool {
        try !fill()
    }

    private func readUntil(_ complete: ([UInt8]) -> Int?) throws -> Int {
        while true {
            if let index = complete(buffer) { return index }
            guard try fill() else { throw Failure(description: "connection closed mid-response") }
        }
    }

    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count < 0 { throw Failure(description: "recv failed or timed out (errno \(errno))") }
        buffer += chunk[0..<count]
        return count > 0
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return (0...(haystack.count - needle.count)).first { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
