import Foundation

/// A streaming reader for the small part of XML that partner pages use: elements, attributes in
/// either quote, text, the five predefined entities, character references and CDATA sections;
/// comments, processing instructions and the document type declaration are skipped. It reads the
/// file (plain or gzip) a chunk at a time and hands each element and text run to an `XMLStreamHandler`
/// as byte views, so a page of a million entries loads in bounded memory and without a String or a
/// dictionary per element, which is where Foundation's `XMLParser` spent most of its time. Input that
/// is not well-formed stops reading with an error naming the file and line. UTF-8 only.
struct XMLStreamReader {
    let path: String
    private var bytes: FeedBytes
    /// The line of the byte read last (1-based).
    private(set) var line = 1

    /// The text run since the last tag, and the line it started on.
    private var text: [UInt8] = []
    private var textLine = 1
    /// The qualified name of the tag being read.
    private var name: [UInt8] = []
    private var attributeBytes: [UInt8] = []
    private var attributeSpans: [XMLAttributes.Span] = []
    /// Qualified names of the open elements, end to end, with where each ends in `openNames` and its line.
    private var openNames: [UInt8] = []
    private var openElements: [(end: Int, line: Int)] = []
    private var sawRoot = false

    /// Limits that keep memory bounded on hostile input; partner pages stay far below them.
    static let maxDepth = 256
    static let maxNameBytes = 1_024
    static let maxTextBytes = 1 << 20

    init(path: String, chunkSize: Int = ZlibFileInput.chunkSize) throws(HashListError) {
        self.path = path
        bytes = try FeedBytes(path: path, chunkSize: chunkSize)
    }

    /// Reads the whole file, reporting each element and text run to `handler` in document order.
    mutating func read<Handler: XMLStreamHandler>(into handler: inout Handler) throws(HashListError) {
        switch try peek() {
        case 0xEF?:
            for expected: UInt8 in [0xEF, 0xBB, 0xBF] {
                guard try nextByte() == expected else { throw malformed("the file starts with a broken UTF-8 byte-order mark") }
            }
        case 0xFE?, 0xFF?, 0x00?:
            throw malformed("the file is not UTF-8 (a UTF-16 or UTF-32 page); convert it to UTF-8")
        default:
            break
        }
        while let byte = try nextByte() {
            switch byte {
            case UInt8(ascii: "<"):
                try readMarkup(&handler)
            case UInt8(ascii: "&"):
                guard !openElements.isEmpty else { throw malformed("a reference outside the root element") }
                let referenceLine = line
                let scalar = try readReference()
                if text.isEmpty { textLine = referenceLine }
                Self.appendUTF8(scalar, to: &text)
                try checkTextSize()
            default:
                if openElements.isEmpty {
                    guard ASCIIText.isSpace(byte) else { throw malformed("text outside the root element") }
                    continue
                }
                if text.isEmpty { textLine = byte == 0x0A ? line - 1 : line }
                text.append(byte)
                if text.count > Self.maxTextBytes { try checkTextSize() }
            }
        }
        if let open = openElements.last {
            let start = openElements.count > 1 ? openElements[openElements.count - 2].end : 0
            let openName = String(decoding: openNames[start..<open.end], as: UTF8.self)
            throw malformed("the file ends inside <\(openName)> (opened on line \(open.line))")
        }
        guard sawRoot else { throw malformed("the file holds no element") }
    }

    // MARK: Markup

    /// After `<`: a start or end tag, a comment, CDATA, a processing instruction or a declaration.
    private mutating func readMarkup<Handler: XMLStreamHandler>(_ handler: inout Handler) throws(HashListError) {
        let tagLine = line
        let first = try require("a tag")
        switch first {
        case UInt8(ascii: "/"):
            try readEndTag(line: tagLine, &handler)
        case UInt8(ascii: "?"):
            try skip(until: (0, UInt8(ascii: "?"), UInt8(ascii: ">")), length: 2, inside: "a processing instruction")
        case UInt8(ascii: "!"):
            try readDeclaration(line: tagLine)
        default:
            try readStartTag(first: first, line: tagLine, &handler)
        }
    }

    /// After `<!`: a comment, a CDATA section (its text joins the current text run) or a declaration
    /// such as `<!DOCTYPE …>`, skipped with any internal subset in brackets.
    private mutating func readDeclaration(line tagLine: Int) throws(HashListError) {
        let first = try require("a declaration")
        if first == UInt8(ascii: "-") {
            guard try require("a comment") == UInt8(ascii: "-") else { throw malformed("expected <!-- to open a comment") }
            try skip(until: (UInt8(ascii: "-"), UInt8(ascii: "-"), UInt8(ascii: ">")), length: 3, inside: "a comment")
            return
        }
        if first == UInt8(ascii: "[") {
            for expected in "CDATA[".utf8 {
                guard try require("a CDATA section") == expected else { throw malformed("expected <![CDATA[") }
            }
            guard !openElements.isEmpty else { throw malformed("a CDATA section outside the root element") }
            if text.isEmpty { textLine = tagLine }
            var window: (UInt8, UInt8) = (0, 0)
            while true {
                let byte = try require("a CDATA section")
                if byte == UInt8(ascii: ">"), window == (UInt8(ascii: "]"), UInt8(ascii: "]")) {
                    text.removeLast(2)
                    return
                }
                window = (window.1, byte)
                text.append(byte)
                if text.count > Self.maxTextBytes { try checkTextSize() }
            }
        }
        guard ASCIIText.isLetter(first) else { throw malformed("expected a comment, CDATA or a declaration after <!") }
        var brackets = 0
        var quote: UInt8?
        while true {
            let byte = try require("a declaration")
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: "[") {
                brackets += 1
            } else if byte == UInt8(ascii: "]") {
                brackets -= 1
            } else if byte == UInt8(ascii: ">"), brackets <= 0 {
                return
            }
        }
    }

    /// After `<` and the name's first byte: the name, the attributes, and `>` or `/>`.
    private mutating func readStartTag<Handler: XMLStreamHandler>(
        first: UInt8, line tagLine: Int, _ handler: inout Handler
    ) throws(HashListError) {
        try deliverText(&handler)
        guard Self.startsName(first) else { throw malformed("expected an element name after <") }
        name.removeAll(keepingCapacity: true)
        name.append(first)
        var byte = try require("a start tag")
        while !ASCIIText.isSpace(byte), byte != UInt8(ascii: ">"), byte != UInt8(ascii: "/") {
            guard Self.continuesName(byte) else { throw malformed("a character that cannot be in an element name") }
            name.append(byte)
            guard name.count <= Self.maxNameBytes else { throw malformed("an element name longer than \(Self.maxNameBytes) bytes") }
            byte = try require("a start tag")
        }
        if openElements.isEmpty, sawRoot {
            throw malformed("a second root element <\(String(decoding: name, as: UTF8.self))> after the first one closed")
        }
        attributeBytes.removeAll(keepingCapacity: true)
        attributeSpans.removeAll(keepingCapacity: true)
        var selfClosing = false
        while true {
            var spaced = false
            while ASCIIText.isSpace(byte) {
                spaced = true
                byte = try require("a start tag")
            }
            if byte == UInt8(ascii: ">") { break }
            if byte == UInt8(ascii: "/") {
                guard try require("a start tag") == UInt8(ascii: ">") else { throw malformed("expected > after / in a tag") }
                selfClosing = true
                break
            }
            guard spaced else { throw malformed("expected a space before an attribute") }
            try readAttribute(first: byte)
            byte = try require("a start tag")
        }
        guard openElements.count < Self.maxDepth else { throw malformed("elements nested deeper than \(Self.maxDepth)") }
        sawRoot = true
        openNames.append(contentsOf: name)
        openElements.append((openNames.count, tagLine))
        try attributeBytes.withUnsafeBufferPointer { (bytes) throws(HashListError) in
            try attributeSpans.withUnsafeBufferPointer { (spans) throws(HashListError) in
                try name.withUnsafeBufferPointer { (qualified) throws(HashListError) in
                    let attributes = XMLAttributes(bytes: bytes, spans: spans)
                    try handler.startElement(Self.localName(qualified), attributes: attributes, line: tagLine)
                    if selfClosing { try handler.endElement(Self.localName(qualified), line: tagLine) }
                }
            }
        }
        if selfClosing { closeElement() }
    }

    /// One `name="value"` (or `'value'`); the value's references are resolved and its line breaks and
    /// tabs become spaces, as XML normalises attribute values.
    private mutating func readAttribute(first: UInt8) throws(HashListError) {
        guard Self.startsName(first) else { throw malformed("expected an attribute name") }
        let nameStart = attributeBytes.count
        var byte = first
        while !ASCIIText.isSpace(byte), byte != UInt8(ascii: "=") {
            guard Self.continuesName(byte) else { throw malformed("a character that cannot be in an attribute name") }
            attributeBytes.append(byte)
            guard attributeBytes.count - nameStart <= Self.maxNameBytes else {
                throw malformed("an attribute name longer than \(Self.maxNameBytes) bytes")
            }
            byte = try require("a start tag")
        }
        let nameRange = nameStart..<attributeBytes.count
        let attributeName = String(decoding: attributeBytes[nameRange], as: UTF8.self)
        while ASCIIText.isSpace(byte) { byte = try require("a start tag") }
        guard byte == UInt8(ascii: "=") else { throw malformed("attribute \(attributeName) has no value (write \(attributeName)=\"…\")") }
        byte = try require("a start tag")
        while ASCIIText.isSpace(byte) { byte = try require("a start tag") }
        guard byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") else {
            throw malformed("the value of attribute \(attributeName) is not in quotes")
        }
        let quote = byte
        let valueStart = attributeBytes.count
        while true {
            byte = try require("an attribute value")
            switch byte {
            case quote:
                let span = XMLAttributes.Span(name: nameRange, value: valueStart..<attributeBytes.count)
                for other in attributeSpans where attributeBytes[other.name].elementsEqual(attributeBytes[nameRange]) {
                    throw malformed("attribute \(attributeName) appears twice in one tag")
                }
                attributeSpans.append(span)
                return
            case UInt8(ascii: "<"):
                throw malformed("a < inside the value of attribute \(attributeName)")
            case UInt8(ascii: "&"):
                Self.appendUTF8(try readReference(), to: &attributeBytes)
            case 0x09, 0x0A, 0x0D:
                attributeBytes.append(0x20)
            default:
                attributeBytes.append(byte)
            }
            guard attributeBytes.count - valueStart <= Self.maxTextBytes else {
                throw malformed("an attribute value longer than \(Self.maxTextBytes) bytes")
            }
        }
    }

    /// After `</`: the name, optional spaces and `>`; it must close the innermost open element.
    private mutating func readEndTag<Handler: XMLStreamHandler>(line tagLine: Int, _ handler: inout Handler) throws(HashListError) {
        try deliverText(&handler)
        name.removeAll(keepingCapacity: true)
        var byte = try require("an end tag")
        while !ASCIIText.isSpace(byte), byte != UInt8(ascii: ">") {
            name.append(byte)
            guard name.count <= Self.maxNameBytes else { throw malformed("an element name longer than \(Self.maxNameBytes) bytes") }
            byte = try require("an end tag")
        }
        while ASCIIText.isSpace(byte) { byte = try require("an end tag") }
        guard byte == UInt8(ascii: ">") else { throw malformed("expected > to end </\(String(decoding: name, as: UTF8.self))") }
        let closing = String(decoding: name, as: UTF8.self)
        guard let open = openElements.last else { throw malformed("</\(closing)> closes no open element") }
        let start = openElements.count > 1 ? openElements[openElements.count - 2].end : 0
        guard openNames[start..<open.end].elementsEqual(name) else {
            let openName = String(decoding: openNames[start..<open.end], as: UTF8.self)
            throw malformed("</\(closing)> does not close <\(openName)> (opened on line \(open.line))")
        }
        try name.withUnsafeBufferPointer { (qualified) throws(HashListError) in
            try handler.endElement(Self.localName(qualified), line: tagLine)
        }
        closeElement()
    }

    private mutating func closeElement() {
        openElements.removeLast()
        openNames.removeSubrange((openElements.last?.end ?? 0)...)
    }

    /// Hands the text run read since the last tag to the handler.
    private mutating func deliverText<Handler: XMLStreamHandler>(_ handler: inout Handler) throws(HashListError) {
        guard !text.isEmpty else { return }
        try text.withUnsafeBufferPointer { (run) throws(HashListError) in try handler.text(run, line: textLine) }
        text.removeAll(keepingCapacity: true)
    }

    /// Skips to the end of a comment or processing instruction: `terminator` holds its last `length`
    /// bytes (`-->`, `?>`), right-aligned.
    private mutating func skip(until terminator: (UInt8, UInt8, UInt8), length: Int, inside what: String) throws(HashListError) {
        var window: (UInt8, UInt8, UInt8) = (0, 0, 0)
        while true {
            window = (window.1, window.2, try require(what))
            if window.2 == terminator.2, window.1 == terminator.1, length == 2 || window.0 == terminator.0 { return }
        }
    }

    // MARK: References

    /// After `&`: `lt`, `gt`, `amp`, `apos`, `quot`, `#decimal` or `#xhex`, and `;`.
    private mutating func readReference() throws(HashListError) -> Unicode.Scalar {
        var reference: [UInt8] = []
        while true {
            let byte = try require("a reference")
            if byte == UInt8(ascii: ";") { break }
            guard reference.count < 10, !ASCIIText.isSpace(byte), byte != UInt8(ascii: "<") else {
                throw malformed("an & that does not start a reference such as &amp;")
            }
            reference.append(byte)
        }
        switch String(decoding: reference, as: UTF8.self) {
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "apos": return "'"
        case "quot": return "\""
        case let number where number.hasPrefix("#"):
            let hex = number.hasPrefix("#x")
            let digits = number.dropFirst(hex ? 2 : 1)
            guard let code = UInt32(digits, radix: hex ? 16 : 10), let scalar = Unicode.Scalar(code),
                  code == 0x09 || code == 0x0A || code == 0x0D || code >= 0x20, code != 0xFFFE, code != 0xFFFF
            else { throw malformed("&\(number); is not a character XML allows") }
            return scalar
        case let entity:
            throw malformed("unknown entity &\(entity); (only &lt; &gt; &amp; &apos; &quot; and character references)")
        }
    }

    private static func appendUTF8(_ scalar: Unicode.Scalar, to bytes: inout [UInt8]) {
        if scalar.isASCII {
            bytes.append(UInt8(scalar.value))
        } else {
            bytes.append(contentsOf: UTF8.encode(scalar)!)
        }
    }

    private func checkTextSize() throws(HashListError) {
        if text.count > Self.maxTextBytes { throw malformed("a text longer than \(Self.maxTextBytes) bytes") }
    }

    // MARK: Names

    /// The name after its namespace prefix (`hs:image` → `image`).
    static func localName(_ qualified: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard let colon = qualified.lastIndex(of: UInt8(ascii: ":")) else { return qualified }
        return UnsafeBufferPointer(rebasing: qualified[(colon + 1)...])
    }

    static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }

    /// Whether `name` is `literal`, byte for byte.
    static func equal(_ name: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        equal(name, UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Letters, `_`, `:` and any non-ASCII byte start a name (XML's NameStartChar, simplified to bytes).
    private static func startsName(_ byte: UInt8) -> Bool {
        ASCIIText.isLetter(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte >= 0x80
    }

    private static func continuesName(_ byte: UInt8) -> Bool {
        startsName(byte) || ASCIIText.isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    // MARK: Bytes

    @inline(__always)
    private mutating func peek() throws(HashListError) -> UInt8? {
        try bytes.peek(line: line)
    }

    @inline(__always)
    private mutating func nextByte() throws(HashListError) -> UInt8? {
        guard let byte = try bytes.peek(line: line) else { return nil }
        bytes.advance()
        if byte == 0x0A { line += 1 }
        return byte
    }

    /// The next byte, which must exist: the file may not end inside `what`.
    @inline(__always)
    private mutating func require(_ what: @autoclosure () -> String) throws(HashListError) -> UInt8 {
        guard let byte = try nextByte() else { throw malformed("the file ends inside \(what())") }
        return byte
    }

    private func malformed(_ message: String) -> HashListError {
        .badEntry(path: path, line: line, message: "not well-formed XML: \(message)")
    }
}
