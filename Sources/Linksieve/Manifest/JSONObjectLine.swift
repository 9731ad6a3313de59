/// A strict RFC 8259 reader for one JSON-lines record. It validates the whole value but keeps only what
/// a manifest needs: the top-level keys in file order and their values when those are strings.
struct JSONObjectLine {
    enum Value: Equatable {
        case string(String)
        case null
        /// Any other JSON value, named for messages: "a number", "an object".
        case other(String)
    }

    struct SyntaxError: Error {
        let message: String
    }

    private(set) var members: [(key: String, value: Value)] = []

    /// Parses `bytes`, which must hold exactly one JSON object (surrounding whitespace allowed).
    init(_ bytes: ArraySlice<UInt8>) throws(SyntaxError) {
        var parser = Parser(bytes: bytes)
        parser.skipWhitespace()
        guard parser.peek() == UInt8(ascii: "{") else {
            guard parser.peek() != nil else { throw SyntaxError(message: "empty JSON value") }
            let kind = try parser.parseValue(depth: 0)
            throw SyntaxError(message: "the line holds \(kind.described), not a JSON object")
        }
        members = try parser.parseTopLevelObject()
        parser.skipWhitespace()
        if parser.peek() != nil { throw parser.error("unexpected text after the JSON object") }
    }

    func value(forKey key: String) -> Value? {
        members.first { $0.key == key }?.value
    }
}

private extension JSONObjectLine.Value {
    var described: String {
        switch self {
        case .string: return "a string"
        case .null: return "null"
        case .other(let kind): return kind
        }
    }
}

/// Nesting deeper than this is rejected rather than risking the stack.
private let maxDepth = 256

private struct Parser {
    typealias SyntaxError = JSONObjectLine.SyntaxError
    typealias Value = JSONObjectLine.Value

    let bytes: ArraySlice<UInt8>
    var index: Int

    init(bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        index = bytes.startIndex
    }

    func peek() -> UInt8? { index < bytes.endIndex ? bytes[index] : nil }

    func error(_ message: String) -> SyntaxError {
        SyntaxError(message: "invalid JSON at column \(index - bytes.startIndex + 1): \(message)")
    }

    mutating func skipWhitespace() {
        while let byte = peek(), ASCIIText.isSpace(byte) { index += 1 }
    }

    mutating func expect(_ byte: UInt8) throws(SyntaxError) {
        guard peek() == byte else { throw error("expected '\(Character(Unicode.Scalar(byte)))'") }
        index += 1
    }

    mutating func parseTopLevelObject() throws(SyntaxError) -> [(key: String, value: Value)] {
        var members: [(key: String, value: Value)] = []
        try parseObject(depth: 1) { (key, value) in members.append((key, value)) }
        return members
    }

    /// Parses an object; `member` sees each key and value.
    mutating func parseObject(depth: Int, member: (String, Value) -> Void) throws(SyntaxError) {
        try parseList(open: UInt8(ascii: "{"), close: UInt8(ascii: "}"), depth: depth, noun: "object") {
            parser throws(SyntaxError) in
            guard parser.peek() == UInt8(ascii: "\"") else { throw parser.error("expected a string key") }
            let key = try parser.parseString()
            parser.skipWhitespace()
            try parser.expect(UInt8(ascii: ":"))
            parser.skipWhitespace()
            member(key, try parser.parseValue(depth: depth))
        }
    }

    mutating func parseArray(depth: Int) throws(SyntaxError) {
        try parseList(open: UInt8(ascii: "["), close: UInt8(ascii: "]"), depth: depth, noun: "array") {
            parser throws(SyntaxError) in
            _ = try parser.parseValue(depth: depth)
        }
    }

    /// Parses `open`, comma-separated elements, `close`: the shape objects and arrays share.
    mutating func parseList(
        open: UInt8, close: UInt8, depth: Int, noun: String, element: (inout Parser) throws(SyntaxError) -> Void
    ) throws(SyntaxError) {
        guard depth <= maxDepth else { throw error("nested deeper than \(maxDepth) levels") }
        try expect(open)
        skipWhitespace()
        if peek() == close {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            try element(&self)
            skipWhitespace()
            guard let byte = peek() else { throw error("the \(noun) is not closed") }
            if byte == close {
                index += 1
                return
            }
            guard byte == UInt8(ascii: ",") else {
                throw error("expected ',' or '\(Character(Unicode.Scalar(close)))'")
            }
            index += 1
        }
    }

    mutating func parseValue(depth: Int) throws(SyntaxError) -> Value {
        guard let byte = peek() else { throw error("expected a value") }
        switch byte {
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "{"):
            try parseObject(depth: depth + 1) { _, _ in }
            return .other("an object")
        case UInt8(ascii: "["):
            try parseArray(depth: depth + 1)
            return .other("an array")
        case UInt8(ascii: "t"):
            try parseLiteral("true")
            return .other("a boolean")
        case UInt8(ascii: "f"):
            try parseLiteral("false")
            return .other("a boolean")
        case UInt8(ascii: "n"):
            try parseLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try parseNumber()
            return .other("a number")
        default:
            throw error("unexpected character")
        }
    }

    mutating func parseLiteral(_ word: StaticString) throws(SyntaxError) {
        let literal = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard bytes.endIndex - index >= literal.count, bytes[index..<index + literal.count].elementsEqual(literal)
        else { throw error("unexpected character") }
        index += literal.count
    }

    mutating func parseNumber() throws(SyntaxError) {
        if peek() == UInt8(ascii: "-") { index += 1 }
        guard let first = peek(), ASCIIText.isDigit(first) else { throw error("expected a digit") }
        index += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        if peek() == UInt8(ascii: ".") {
            index += 1
            guard let next = peek(), ASCIIText.isDigit(next) else { throw error("expected a digit after '.'") }
            skipDigits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard let next = peek(), ASCIIText.isDigit(next) else { throw error("expected a digit in the exponent") }
            skipDigits()
        }
    }

    mutating func skipDigits() {
        while let byte = peek(), ASCIIText.isDigit(byte) { index += 1 }
    }

    mutating func parseString() throws(SyntaxError) -> String {
        try expect(UInt8(ascii: "\""))
        var utf8 = [UInt8]()
        while true {
            guard let byte = peek() else { throw error("the string is not closed") }
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let string = String(validating: utf8, as: UTF8.self) else { throw error("invalid UTF-8 in a string") }
                return string
            case UInt8(ascii: "\\"):
                try parseEscape(into: &utf8)
            case 0..<0x20:
                index -= 1
                throw error("unescaped control character in a string")
            default:
                utf8.append(byte)
            }
        }
    }

    mutating func parseEscape(into utf8: inout [UInt8]) throws(SyntaxError) {
        guard let byte = peek() else { throw error("the string is not closed") }
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(byte)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            var code = try parseHex4()
            if (0xD800..<0xDC00).contains(code), bytes[index...].starts(with: [UInt8(ascii: "\\"), UInt8(ascii: "u")]) {
                let saved = index
                index += 2
                let low = try parseHex4()
                if (0xDC00..<0xE000).contains(low) {
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    index = saved
                }
            }
            // A lone surrogate is valid JSON but not a character: it becomes U+FFFD.
            let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
            utf8.append(contentsOf: String(Character(scalar)).utf8)
        default:
            index -= 1
            throw error("invalid escape sequence")
        }
    }

    mutating func parseHex4() throws(SyntaxError) -> UInt32 {
        var code: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek(), let digit = ASCIIText.hexValue(byte) else { throw error("expected four hex digits after \\u") }
            code = code << 4 | UInt32(digit)
            index += 1
        }
        return code
    }
}
