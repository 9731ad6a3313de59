/// The request line and headers of one HTTP/1.x request, parsed from the bytes before the blank line.
struct HTTPRequestHead: Equatable {
    var method: String
    var target: String
    var version: String
    /// Lower-cased names; repeated headers are joined with ", ".
    var headers: [String: String]

    /// Whether the connection stays open after the response (HTTP/1.1 default, 1.0 opt-in).
    var keepsAlive: Bool {
        let tokens = (headers["connection"] ?? "").lowercased().split(separator: ",").map {
            $0.trimmingBlanks()
        }
        if version == "HTTP/1.0" { return tokens.contains("keep-alive") }
        return !tokens.contains("close")
    }

    /// Request bodies larger than this are refused (the test servers never need one).
    static let maxBodyLength = 16 << 20

    /// Bytes of request body that follow the head; chunked request bodies are not supported.
    var bodyLength: Int? {
        guard let value = headers["content-length"] else { return 0 }
        guard let length = Int(value.trimmingBlanks()), length >= 0, length <= Self.maxBodyLength else { return nil }
        return length
    }

    /// Index just past the "\r\n\r\n" that ends a head in `bytes`, searching from `from`.
    static func endOfHead(in bytes: [UInt8], from: Int) -> Int? {
        var index = max(0, from - 3)
        while index + 3 < bytes.count {
            if bytes[index] == 13, bytes[index + 1] == 10, bytes[index + 2] == 13, bytes[index + 3] == 10 {
                return index + 4
            }
            index += 1
        }
        return nil
    }

    /// Parses a head (without its final blank line); nil if it is not a well-formed HTTP/1.x request.
    init?(_ bytes: ArraySlice<UInt8>) {
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
        guard let requestLine = lines.first else { return nil }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty, parts[2].hasPrefix("HTTP/1.") else { return nil }
        method = String(parts[0])
        target = String(parts[1])
        version = String(parts[2])
        headers = [:]
        for line in lines.dropFirst() where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingBlanks()
            headers[name] = headers[name].map { "\($0), \(value)" } ?? value
        }
    }
}

extension StringProtocol {
    /// Drops leading and trailing spaces and tabs (HTTP optional whitespace).
    fileprivate func trimmingBlanks() -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
