#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Brings an http(s) URL to the one canonical spelling that is both matched against URL lists and
/// fetched, so that no spelling of a listed resource slips past the lists: the URL that is matched
/// is the URL that is fetched. libcurl's own parser (`CurlURL`) reads the URL as a fetch would;
/// host names get libcurl's UTS #46 mapping (`IDNA`); then RFC 3986 §6 syntax-based normalisation
/// applies. List entries (`url`, `domain`) go through the same code.
public enum URLNormalizer {
    /// Trims surrounding whitespace, then: lower-cases scheme and host; numeric IPv4 hosts in any
    /// spelling (decimal, short, hex, octal) become dotted quads, IPv6 literals their RFC 5952
    /// form; non-ASCII host names their "xn--" form, a trailing dot dropped; drops userinfo, the
    /// default port and the fragment; decodes percent-escapes of unreserved characters (RFC 3986
    /// §2.3) and upper-cases the others; percent-encodes non-ASCII bytes; removes dot segments
    /// after decoding (so `%2e%2e/` is one); writes an empty path as "/". The query is otherwise
    /// kept as is.
    public static func normalize(_ raw: String) throws(URLProblem) -> NormalizedURL {
        let scalars = raw.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { throw .invalid("the URL is empty") }
        let trimmed = String(scalars[first...last])
        if trimmed.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            throw .invalid("the URL contains a space or control character")
        }
        let url = Array(trimmed.utf8)

        // libcurl is lenient here (it reads "http:/x" and "http:///x" as host "x"): these checks keep
        // such URLs out, with a message that says why, before libcurl sees them.
        guard let colon = url.firstIndex(of: ascii(":")), colon > 0, ASCIIText.isLetter(url[0]),
              url[1..<colon].allSatisfy({ ASCIIText.isLetter($0) || ASCIIText.isDigit($0) || $0 == ascii("+") || $0 == ascii("-") || $0 == ascii(".") })
        else { throw .invalid("the URL has no scheme (expected http:// or https://)") }
        let scheme = String(decoding: url[..<colon], as: UTF8.self).lowercased()
        guard scheme == "http" || scheme == "https" else { throw .unsupportedScheme(scheme) }
        guard url[(colon + 1)...].starts(with: [ascii("/"), ascii("/")]) else {
            throw .invalid("expected \"//\" after \"\(scheme):\"")
        }
        let authorityStart = colon + 3
        let authorityEnd = url[authorityStart...].firstIndex { $0 == ascii("/") || $0 == ascii("?") || $0 == ascii("#") } ?? url.endIndex
        let authority = url[authorityStart..<authorityEnd]
        let hostPort = authority.lastIndex(of: ascii("@")).map { authority[($0 + 1)...] } ?? authority
        guard let hostStart = hostPort.first, hostStart != ascii(":") else { throw .invalid("the URL has no host") }

        let parsed = try CurlURL(parsing: trimmed)
        guard parsed.zoneID == nil else { throw .invalid("IPv6 zone identifiers are not supported") }
        guard let curlHost = parsed.host, !curlHost.isEmpty else { throw .invalid("the URL has no host") }
        let host: String
        let isIPv6 = curlHost.hasPrefix("[")
        if isIPv6 {
            host = try canonicalIPv6(String(curlHost.dropFirst().dropLast()))
        } else {
            host = try canonicalHostName(curlHost)
        }
        let port = try parsePort(parsed.port)
        let defaultPort = scheme == "http" ? 80 : 443

        var out = Array(scheme.utf8) + Array("://".utf8)
        out += isIPv6 ? Array("[\(host)]".utf8) : Array(host.utf8)
        if let port, port != defaultPort { out += Array(":\(port)".utf8) }
        var path = [UInt8]()
        appendNormalizingEscapes(Array((parsed.path ?? "/").utf8)[...], to: &path)
        path = removeDotSegments(path)
        out += path.isEmpty ? [ascii("/")] : path
        if let query = parsed.query {
            out.append(ascii("?"))
            appendNormalizingEscapes(Array(query.utf8)[...], to: &out)
        }

        return NormalizedURL(
            string: String(decoding: out, as: UTF8.self), scheme: scheme, host: host,
            port: port == defaultPort ? nil : port)
    }

    /// Lower-case hex SHA-256 of the normalised URL's UTF-8 bytes, as `url-sha256` list entries hold it.
    public static func sha256Hex(of url: NormalizedURL) -> String {
        SHA256Hex.of(url.string.utf8)
    }

    /// The canonical host of a `domain` list entry: the host a URL on that domain normalises to.
    static func normalizeDomain(_ domain: String) throws(URLProblem) -> String {
        guard !domain.isEmpty else { throw .invalid("the domain is empty") }
        guard !domain.unicodeScalars.contains(where: { "/\\?#@:[]%".unicodeScalars.contains($0) || $0.properties.isWhitespace }) else {
            throw .invalid("a domain entry is a host name alone, without scheme, port, path or userinfo")
        }
        return try normalize("http://\(domain)/").host
    }

    /// A registered name or IPv4 address as libcurl parsed it, brought to the form the fetch resolves:
    /// non-ASCII names through UTS #46 (`IDNA`), lower case, one trailing dot dropped. A name that
    /// changed is parsed by libcurl again, since the mapping can turn it into a numeric IPv4 spelling
    /// (full-width digits, "0x7f.1." with its dot).
    private static func canonicalHostName(_ curlHost: String) throws(URLProblem) -> String {
        var name = curlHost
        if !name.unicodeScalars.allSatisfy(\.isASCII) {
            guard let mapped = IDNA.toASCII(name) else {
                throw .invalid("the host is not a valid internationalised domain name")
            }
            name = mapped
        }
        name = name.lowercased()
        if name.count > 1, name.hasSuffix(".") { name.removeLast() }
        // Checked before the name is parsed again: UTS #46 maps some characters to "/", "@" or ":"
        // ("a＠b" becomes "a@b"), which would otherwise be read as a new authority.
        for label in name.split(separator: ".", omittingEmptySubsequences: false) {
            guard !label.isEmpty else { throw .invalid("the host has an empty label") }
            guard label.utf8.allSatisfy({ ASCIIText.isLetter($0) || ASCIIText.isDigit($0) || $0 == ascii("-") || $0 == ascii("_") }) else {
                throw .invalid("invalid character in the host")
            }
        }
        if name != curlHost {
            guard let reparsed = try CurlURL(parsing: "http://\(name)/").host else { throw .invalid("the URL has no host") }
            name = reparsed.lowercased()
        }
        return name
    }

    /// An IPv6 literal in its RFC 5952 text form (lower case, longest zero run compressed).
    private static func canonicalIPv6(_ literal: String) throws(URLProblem) -> String {
        var address = in6_addr()
        guard inet_pton(AF_INET6, literal, &address) == 1 else { throw .invalid("invalid IPv6 address in the host") }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &address, &text, socklen_t(text.count)) != nil else {
            throw .invalid("invalid IPv6 address in the host")
        }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func parsePort(_ text: String?) throws(URLProblem) -> Int? {
        guard let text, !text.isEmpty else { return nil }
        guard text.utf8.count <= 5, text.utf8.allSatisfy(ASCIIText.isDigit), let port = Int(text), (1...65535).contains(port)
        else { throw .invalid("invalid port \"\(text)\"") }
        return port
    }

    /// Copies `bytes`, decoding percent-escapes of unreserved characters (RFC 3986 §2.3: they mean the
    /// same encoded or not), upper-casing the hex digits of the other escapes and percent-encoding
    /// non-ASCII bytes. A "%" not followed by two hex digits is kept as written.
    private static func appendNormalizingEscapes(_ bytes: ArraySlice<UInt8>, to out: inout [UInt8]) {
        let hex = Array("0123456789ABCDEF".utf8)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let byte = bytes[i]
            if byte == ascii("%"), i + 2 < bytes.endIndex,
               let high = ASCIIText.hexValue(bytes[i + 1]), let low = ASCIIText.hexValue(bytes[i + 2]) {
                let decoded = high << 4 | low
                if isUnreserved(decoded) {
                    out.append(decoded)
                } else {
                    out += [byte, hex[Int(high)], hex[Int(low)]]
                }
                i += 3
                continue
            }
            if byte >= 0x80 {
                out += [ascii("%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            } else {
                out.append(byte)
            }
            i += 1
        }
    }

    /// ALPHA / DIGIT / "-" / "." / "_" / "~" (RFC 3986 §2.3).
    private static func isUnreserved(_ byte: UInt8) -> Bool {
        ASCIIText.isLetter(byte) || ASCIIText.isDigit(byte) || byte == ascii("-") || byte == ascii(".")
            || byte == ascii("_") || byte == ascii("~")
    }

    /// RFC 3986 §5.2.4 for an absolute path (or an empty one).
    static func removeDotSegments(_ path: [UInt8]) -> [UInt8] {
        var input = path[...]
        var output = [UInt8]()
        let slash = ascii("/")
        func removeLastSegment() {
            output.removeSubrange((output.lastIndex(of: slash) ?? 0)...)
        }
        while !input.isEmpty {
            if input.starts(with: Array("../".utf8)) {
                input.removeFirst(3)
            } else if input.starts(with: Array("./".utf8)) {
                input.removeFirst(2)
            } else if input.starts(with: Array("/./".utf8)) {
                input.removeFirst(2)
            } else if input.elementsEqual(Array("/.".utf8)) {
                input = [slash]
            } else if input.starts(with: Array("/../".utf8)) {
                input.removeFirst(3)
                removeLastSegment()
            } else if input.elementsEqual(Array("/..".utf8)) {
                input = [slash]
                removeLastSegment()
            } else if input.elementsEqual([ascii(".")]) || input.elementsEqual(Array("..".utf8)) {
                input = []
            } else {
                let searchFrom = input.first == slash ? input.startIndex + 1 : input.startIndex
                let end = input[searchFrom...].firstIndex(of: slash) ?? input.endIndex
                output += input[..<end]
                input = input[end...]
            }
        }
        return output
    }
}

private func ascii(_ character: Unicode.Scalar) -> UInt8 { UInt8(character.value) }
