/// Brings an http(s) URL to one canonical spelling (RFC 3986 §6 syntax-based normalisation), so that
/// the same resource listed by a partner and linked from a manifest compares equal. Foundation's URL
/// is not used: its acceptance rules differ between platforms.
public enum URLNormalizer {
    /// Trims surrounding whitespace; lower-cases scheme and host (IDN labels to "xn--" Punycode, a trailing
    /// dot dropped); drops the default port and the fragment; removes dot segments; writes an empty path
    /// as "/"; upper-cases percent-escape hex digits and percent-encodes non-ASCII bytes. The query is
    /// otherwise kept as is.
    public static func normalize(_ raw: String) throws(URLProblem) -> NormalizedURL {
        let scalars = raw.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { throw .invalid("the URL is empty") }
        let trimmed = scalars[first...last]
        if trimmed.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            throw .invalid("the URL contains a space or control character")
        }
        let url = Array(String(trimmed).utf8)

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
        var userinfo: ArraySlice<UInt8>?
        var hostPort = authority
        if let at = authority.lastIndex(of: ascii("@")) {
            userinfo = authority[..<at]
            hostPort = authority[(at + 1)...]
        }

        let host: String
        let isIPv6: Bool
        let portText: ArraySlice<UInt8>
        if hostPort.first == ascii("[") {
            guard let close = hostPort.firstIndex(of: ascii("]")) else { throw .invalid("the IPv6 address is not closed with \"]\"") }
            let address = hostPort[(hostPort.startIndex + 1)..<close]
            guard address.contains(ascii(":")),
                  address.allSatisfy({ ASCIIText.hexValue($0) != nil || $0 == ascii(":") || $0 == ascii(".") })
            else { throw .invalid("invalid IPv6 address in the host") }
            let after = hostPort[(close + 1)...]
            guard after.isEmpty || after.first == ascii(":") else { throw .invalid("unexpected text after the IPv6 address") }
            host = String(decoding: address, as: UTF8.self).lowercased()
            isIPv6 = true
            portText = after.dropFirst()
        } else {
            let portColon = hostPort.firstIndex(of: ascii(":"))
            host = try normalizeHost(hostPort[..<(portColon ?? hostPort.endIndex)])
            isIPv6 = false
            portText = portColon.map { hostPort[($0 + 1)...] } ?? []
        }
        let port = try parsePort(portText)
        let defaultPort = scheme == "http" ? 80 : 443

        var out = Array(scheme.utf8) + Array("://".utf8)
        if let userinfo {
            appendNormalizingEscapes(userinfo, to: &out)
            out.append(ascii("@"))
        }
        out += isIPv6 ? Array("[\(host)]".utf8) : Array(host.utf8)
        if let port, port != defaultPort { out += Array(":\(port)".utf8) }

        let rest = url[authorityEnd...]
        let fragment = rest.firstIndex(of: ascii("#")) ?? rest.endIndex
        let queryMark = rest[..<fragment].firstIndex(of: ascii("?"))
        var path = [UInt8]()
        appendNormalizingEscapes(rest[..<(queryMark ?? fragment)], to: &path)
        path = removeDotSegments(path)
        out += path.isEmpty ? [ascii("/")] : path
        if let queryMark { appendNormalizingEscapes(rest[queryMark..<fragment], to: &out) }

        return NormalizedURL(
            string: String(decoding: out, as: UTF8.self), scheme: scheme, host: host,
            port: port == defaultPort ? nil : port)
    }

    /// Lower-case hex SHA-256 of the normalised URL's UTF-8 bytes, as `url-sha256` list entries hold it.
    public static func sha256Hex(of url: NormalizedURL) -> String {
        SHA256Hex.of(url.string.utf8)
    }

    /// Lower-cases a registered name, gives non-ASCII labels their Punycode form and drops one trailing dot.
    /// Domain list entries go through here too, so they compare equal to URL hosts.
    static func normalizeHost(_ bytes: ArraySlice<UInt8>) throws(URLProblem) -> String {
        guard !bytes.isEmpty else { throw .invalid("the URL has no host") }
        var labels = String(decoding: bytes, as: UTF8.self).split(separator: ".", omittingEmptySubsequences: false)
        if labels.count > 1, labels.last == "" { labels.removeLast() }
        var ascii = [String]()
        for label in labels {
            guard !label.isEmpty else { throw .invalid("the host has an empty label") }
            let isAllowed: (Unicode.Scalar) -> Bool = {
                !$0.isASCII || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                    || $0 == "-" || $0 == "_"
            }
            guard label.unicodeScalars.allSatisfy(isAllowed) else {
                throw .invalid("invalid character in the host")
            }
            let lower = label.lowercased()
            if lower.unicodeScalars.allSatisfy(\.isASCII) {
                ascii.append(lower)
            } else if let encoded = Punycode.encode(lower) {
                ascii.append("xn--" + encoded)
            } else {
                throw .invalid("the host cannot be written in Punycode")
            }
        }
        return ascii.joined(separator: ".")
    }

    private static func parsePort(_ text: ArraySlice<UInt8>) throws(URLProblem) -> Int? {
        guard !text.isEmpty else { return nil }
        guard text.count <= 5, text.allSatisfy(ASCIIText.isDigit),
              let port = Int(String(decoding: text, as: UTF8.self)), (1...65535).contains(port)
        else { throw .invalid("invalid port \"\(String(decoding: text, as: UTF8.self))\"") }
        return port
    }

    /// Copies `bytes`, upper-casing the hex digits of percent-escapes and percent-encoding non-ASCII bytes.
    private static func appendNormalizingEscapes(_ bytes: ArraySlice<UInt8>, to out: inout [UInt8]) {
        let hex = Array("0123456789ABCDEF".utf8)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let byte = bytes[i]
            if byte == ascii("%"), i + 2 < bytes.endIndex,
               let high = ASCIIText.hexValue(bytes[i + 1]), let low = ASCIIText.hexValue(bytes[i + 2]) {
                out += [byte, hex[Int(high)], hex[Int(low)]]
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
