/// Streams the records of a partner's JSON feed: the objects of the array under `arrayKey` in each
/// top-level object (StopNCII pages carry `hashRecords`, Tech Against Terrorism `results`), or of a
/// top-level array. Pages may be concatenated in one file. The file (plain or gzip) is read a chunk at
/// a time and only one record is held, so a list of a million records loads in bounded memory.
/// A record keeps its scalar members; nested objects and arrays are kept only as their keys or size.
/// A struct, so the per-byte state is checked for exclusive access at compile time, not at run time.
struct JSONRecordStream {
    enum Value: Equatable {
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
        case object(keys: [String])
        case array(count: Int)
    }

    struct Record {
        /// 1-based position of the record in the file, all pages together.
        let number: Int
        /// The line the record starts on.
        let line: Int
        let members: [String: Value]

        /// The text of a member the record must have; its absence is an error naming the file, the
        /// line and `place` (the record as the message calls it).
        func requiredText(_ name: String, path: String, place: String) throws(HashListError) -> String {
            guard let value = members[name]?.text, !value.isEmpty else {
                throw .badEntry(path: path, line: line, message: "\(place) has no \(name)")
            }
            return value
        }
    }

    let path: String
    let arrayKey: String
    private var bytes: FeedBytes
    private var line = 1
    private var records = 0
    private var scratch: [UInt8] = []

    /// Nesting deeper than this is refused rather than risking the stack.
    private static let maxDepth = 64

    init(path: String, arrayKey: String) throws(HashListError) {
        self.path = path
        self.arrayKey = arrayKey
        bytes = try FeedBytes(path: path)
    }

    /// Calls `body` with each record in file order.
    mutating func forEachRecord(_ body: (Record) throws(HashListError) -> Void) throws(HashListError) {
        try skipWhitespace()
        if try peek() == 0xEF {  // a UTF-8 byte-order mark
            for _ in 0..<3 { _ = try next() }
        }
        try skipWhitespace()
        var values = 0
        while let byte = try peek() {
            values += 1
            switch byte {
            case UInt8(ascii: "{"): try readPage(body)
            case UInt8(ascii: "["): try readRecords(body)
            default: throw error("expected a JSON object holding \"\(arrayKey)\"")
            }
            try skipWhitespace()
        }
        if values == 0 { throw HashListError.badHeader(path: path, line: line, message: "the file holds no JSON value") }
    }

    private mutating func readPage(_ body: (Record) throws(HashListError) -> Void) throws(HashListError) {
        let start = line
        var found = false
        try expect(UInt8(ascii: "{"))
        try skipWhitespace()
        if try peek() == UInt8(ascii: "}") { _ = try next() } else {
            while true {
                try skipWhitespace()
                let key = try readString()
                try skipWhitespace()
                try expect(UInt8(ascii: ":"))
                try skipWhitespace()
                if key == arrayKey, try peek() == UInt8(ascii: "[") {
                    found = true
                    try readRecords(body)
                } else {
                    try skipValue(depth: 1)
                }
                try skipWhitespace()
                let separator = try next()
                if separator == UInt8(ascii: "}") { break }
                guard separator == UInt8(ascii: ",") else { throw error("expected ',' or '}'") }
            }
        }
        // A page without the records array is another kind of file, not an empty page.
        guard found else {
            throw HashListError.badHeader(path: path, line: start, message: "the JSON object holds no \"\(arrayKey)\" array")
        }
    }

    private mutating func readRecords(_ body: (Record) throws(HashListError) -> Void) throws(HashListError) {
        try expect(UInt8(ascii: "["))
        try skipWhitespace()
        if try peek() == UInt8(ascii: "]") { _ = try next(); return }
        while true {
            try skipWhitespace()
            records += 1
            guard try peek() == UInt8(ascii: "{") else {
                throw error("record \(records) of \"\(arrayKey)\" is not a JSON object")
            }
            let start = line
            let members = try readRecordObject()
            try body(Record(number: records, line: start, members: members))
            try skipWhitespace()
            let separator = try next()
            if separator == UInt8(ascii: "]") { return }
            guard separator == UInt8(ascii: ",") else { throw error("expected ',' or ']'") }
        }
    }

    private mutating func readRecordObject() throws(HashListError) -> [String: Value] {
        var members: [String: Value] = [:]
        try expect(UInt8(ascii: "{"))
        try skipWhitespace()
        if try peek() == UInt8(ascii: "}") { _ = try next(); return members }
        while true {
            try skipWhitespace()
            let key = try readString()
            try skipWhitespace()
            try expect(UInt8(ascii: ":"))
            try skipWhitespace()
            members[key] = try readShallowValue()
            try skipWhitespace()
            let separator = try next()
            if separator == UInt8(ascii: "}") { return members }
            guard separator == UInt8(ascii: ",") else { throw error("expected ',' or '}'") }
        }
    }

    /// A scalar as itself; an object as its keys; an array as its size.
    private mutating func readShallowValue() throws(HashListError) -> Value {
        switch try peek() {
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "{"):
            var keys: [String] = []
            _ = try next()
            try skipWhitespace()
            if try peek() == UInt8(ascii: "}") { _ = try next(); return .object(keys: keys) }
            while true {
                try skipWhitespace()
                keys.append(try readString())
                try skipWhitespace()
                try expect(UInt8(ascii: ":"))
                try skipWhitespace()
                try skipValue(depth: 3)
                try skipWhitespace()
                let separator = try next()
                if separator == UInt8(ascii: "}") { return .object(keys: keys) }
                guard separator == UInt8(ascii: ",") else { throw error("expected ',' or '}'") }
            }
        case UInt8(ascii: "["):
            _ = try next()
            try skipWhitespace()
            if try peek() == UInt8(ascii: "]") { _ = try next(); return .array(count: 0) }
            var size = 0
            while true {
                try skipWhitespace()
                try skipValue(depth: 3)
                size += 1
                try skipWhitespace()
                let separator = try next()
                if separator == UInt8(ascii: "]") { return .array(count: size) }
                guard separator == UInt8(ascii: ",") else { throw error("expected ',' or ']'") }
            }
        default:
            return try readScalar()
        }
    }

    private mutating func readScalar() throws(HashListError) -> Value {
        switch try peek() {
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case let byte? where byte == UInt8(ascii: "-") || ASCIIText.isDigit(byte):
            scratch.removeAll(keepingCapacity: true)
            while let byte = try peek(),
                  ASCIIText.isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
                    || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                scratch.append(byte)
                bytes.advance()
            }
            guard let number = Double(String(decoding: scratch, as: UTF8.self)) else { throw error("a malformed number") }
            return .number(number)
        case nil: throw error("the file ends inside a value")
        default: throw error("expected a JSON value")
        }
    }

    private mutating func skipValue(depth: Int) throws(HashListError) {
        guard depth < Self.maxDepth else { throw error("nested more than \(Self.maxDepth) levels deep") }
        switch try peek() {
        case UInt8(ascii: "\""): _ = try readString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let close = try next() == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            try skipWhitespace()
            if try peek() == close { _ = try next(); return }
            while true {
                try skipWhitespace()
                if close == UInt8(ascii: "}") {
                    _ = try readString()
                    try skipWhitespace()
                    try expect(UInt8(ascii: ":"))
                    try skipWhitespace()
                }
                try skipValue(depth: depth + 1)
                try skipWhitespace()
                let separator = try next()
                if separator == close { return }
                guard separator == UInt8(ascii: ",") else { throw error("expected ',' or '\(Character(Unicode.Scalar(close)))'") }
            }
        default:
            _ = try readScalar()
        }
    }

    private mutating func readString() throws(HashListError) -> String {
        try expect(UInt8(ascii: "\""))
        scratch.removeAll(keepingCapacity: true)
        while true {
            let byte = try next()
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: scratch, as: UTF8.self)
            case UInt8(ascii: "\\"):
                let escaped = try next()
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(escaped)
                case UInt8(ascii: "b"): scratch.append(0x08)
                case UInt8(ascii: "f"): scratch.append(0x0C)
                case UInt8(ascii: "n"): scratch.append(0x0A)
                case UInt8(ascii: "r"): scratch.append(0x0D)
                case UInt8(ascii: "t"): scratch.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard try next() == UInt8(ascii: "\\"), try next() == UInt8(ascii: "u") else {
                            throw error("a lone surrogate in a \\u escape")
                        }
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("a lone surrogate in a \\u escape") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let character = Unicode.Scalar(scalar) else { throw error("an invalid \\u escape") }
                    scratch.append(contentsOf: Array(String(Character(character)).utf8))
                default:
                    throw error("an invalid escape in a string")
                }
            case 0x00..<0x20:
                throw error("a control character in a string")
            default:
                scratch.append(byte)
            }
        }
    }

    private mutating func hex4() throws(HashListError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = ASCIIText.hexValue(try next()) else { throw error("an invalid \\u escape") }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private mutating func literal(_ word: String) throws(HashListError) {
        for expected in word.utf8 where try next() != expected {
            throw error("expected \(word)")
        }
    }

    private mutating func expect(_ byte: UInt8) throws(HashListError) {
        guard try peek() == byte else { throw error("expected '\(Character(Unicode.Scalar(byte)))'") }
        bytes.advance()
    }

    private mutating func skipWhitespace() throws(HashListError) {
        while let byte = try peek(), ASCIIText.isSpace(byte) {
            if byte == 0x0A { line += 1 }
            bytes.advance()
        }
    }

    @inline(__always)
    private mutating func peek() throws(HashListError) -> UInt8? {
        try bytes.peek(line: line)
    }

    @inline(__always)
    private mutating func next() throws(HashListError) -> UInt8 {
        guard let byte = try peek() else { throw error("the file ends inside a value") }
        bytes.advance()
        return byte
    }

    private func error(_ message: String) -> HashListError {
        .badEntry(path: path, line: line, message: "invalid JSON: \(message)")
    }
}

extension JSONRecordStream.Value {
    /// The value as text: a string as is, a number without a needless ".0", true/false.
    var text: String? {
        switch self {
        case .string(let string): return string
        case .number(let number):
            return number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .bool(let flag): return flag ? "true" : "false"
        default: return nil
        }
    }
}
