/// The comment lines before a list's first entry or header, with the directives they hold, and the
/// shape of that first line, which alone decides the list's layout.
struct ListPreamble {
    enum Shape {
        /// Only comments and blank lines.
        case empty
        /// A header: fields separated by commas, or by tabs when the line holds one.
        case header(tabs: Bool)
        /// `hex,quality` or `hex quality`: a PDQ list.
        case pdqQuality
        /// `<signal type> <value>`: python-threatexchange's local file.
        case threatExchange
        /// A single value (a line without comma or tab, or a URL); its bytes, trimmed.
        case lines(first: [UInt8])
    }

    var algorithm: HashAlgorithm?
    var label: String?
    var category: String?
    var shape = Shape.empty
    /// The line of the first line that is not a comment (or the last line, for an empty list).
    var firstLine = 1

    static func read(path: String) throws(HashListError) -> ListPreamble {
        var preamble = ListPreamble()
        let reader = try ListLineReader(path: path)
        try reader.forEachLine { (line, bytes) throws(HashListError) -> Bool in
            preamble.firstLine = line
            let text = ListBytes.trimmed(bytes)
            if text.isEmpty { return true }
            if text[0] == UInt8(ascii: "#") {
                try preamble.readDirective(UnsafeBufferPointer(rebasing: text.dropFirst()), path: path, line: line)
                return true
            }
            preamble.shape = Self.shape(of: text)
            return false
        }
        return preamble
    }

    static func shape(of text: UnsafeBufferPointer<UInt8>) -> Shape {
        if ListBytes.pdqWithQuality(text) != nil { return .pdqQuality }
        if ThreatExchangeFileImporter.looksLikeSignalLine(text) { return .threatExchange }
        // A URL may hold commas; a header never starts with a scheme.
        if ListBytes.startsWithHTTPScheme(text) { return .lines(first: Array(text)) }
        if text.contains(UInt8(ascii: "\t")) { return .header(tabs: true) }
        if text.contains(UInt8(ascii: ",")) { return .header(tabs: false) }
        return .lines(first: Array(text))
    }

    /// `algorithm: md5`, `label: …` or `category: …` (name in any case); other comments are free text.
    private mutating func readDirective(_ body: UnsafeBufferPointer<UInt8>, path: String, line: Int) throws(HashListError) {
        guard let colon = body.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = String(decoding: ListBytes.trimmed(UnsafeBufferPointer(rebasing: body[..<colon])), as: UTF8.self)
            .lowercased()
        guard ["algorithm", "label", "category"].contains(name) else { return }
        guard let value = String(validating: ListBytes.trimmed(UnsafeBufferPointer(rebasing: body[(colon + 1)...])), as: UTF8.self)
        else {
            throw .badHeader(path: path, line: line, message: "the \(name) line is not valid UTF-8")
        }
        switch name {
        case "algorithm":
            guard let algorithm = HashAlgorithm(rawValue: value.lowercased()) else {
                let known = HashAlgorithm.allCases.map(\.rawValue).joined(separator: ", ")
                throw .badHeader(path: path, line: line, message: "unknown algorithm \"\(value)\" (known: \(known))")
            }
            if let earlier = self.algorithm, earlier != algorithm {
                throw .badHeader(path: path, line: line, message: "the list names two algorithms (\(earlier.rawValue), \(algorithm.rawValue))")
            }
            self.algorithm = algorithm
        case "label": label = value
        default: category = value.isEmpty ? nil : value
        }
    }
}
