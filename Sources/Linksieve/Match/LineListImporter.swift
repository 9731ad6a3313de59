/// Reads the line-per-entry layouts: one value per line (`HashListFormat.lines`) and PDQ hashes with
/// their quality (`HashListFormat.pdqQuality`). Works on the bytes of each line; no String is made for
/// a digest, so lists of millions of entries load in seconds.
enum LineListImporter {
    static func importLines(
        path: String, algorithm: HashAlgorithm, settings: ListSettings, into builder: inout HashListBuilder
    ) throws(HashListError) {
        let label = builder.label(settings.label, category: settings.category)
        try ListLineReader(path: path).forEachLine { (line, bytes) throws(HashListError) -> Bool in
            let text = ListBytes.trimmed(bytes)
            if text.isEmpty || text[0] == UInt8(ascii: "#") { return true }
            do throws(HashValueProblem) {
                if algorithm.isDigest {
                    try builder.addDigest(algorithm, hex: text, label: label)
                } else {
                    guard let value = String(validating: text, as: UTF8.self) else {
                        throw HashValueProblem(message: "the line is not valid UTF-8")
                    }
                    try builder.add(algorithm, value: value, label: label)
                }
            } catch {
                throw .badEntry(path: path, line: line, message: error.message)
            }
            return true
        }
    }

    static func importPDQQuality(
        path: String, settings: ListSettings, into builder: inout HashListBuilder
    ) throws(HashListError) {
        let label = builder.label(settings.label, category: settings.category)
        try ListLineReader(path: path).forEachLine { (line, bytes) throws(HashListError) -> Bool in
            let text = ListBytes.trimmed(bytes)
            if text.isEmpty || text[0] == UInt8(ascii: "#") { return true }
            guard let (hex, _) = ListBytes.pdqWithQuality(text) else {
                throw .badEntry(
                    path: path, line: line,
                    message: "expected a pdq hash and its quality (64 hex digits, a comma or space, 0…100)")
            }
            do throws(HashValueProblem) {
                try builder.addDigest(.pdq, hex: hex, label: label)
            } catch {
                throw .badEntry(path: path, line: line, message: error.message)
            }
            return true
        }
    }

    /// The algorithm of a list that does not name one, from its first value: a URL, 32 hex digits (md5)
    /// or 40 (sha1). 64 hex digits may be sha256, url-sha256 or pdq, so such a list must name its algorithm.
    static func inferAlgorithm(_ first: [UInt8], path: String, line: Int) throws(HashListError) -> HashAlgorithm {
        if first.withUnsafeBufferPointer(ListBytes.startsWithHTTPScheme) { return .url }
        let isHex = first.allSatisfy { ASCIIText.hexValue($0) != nil }
        if isHex, first.count == 32 { return .md5 }
        if isHex, first.count == 40 { return .sha1 }
        let hint = "name it with a line \"# algorithm: NAME\" or --list-algorithm"
        if isHex, first.count == 64 {
            throw .badHeader(
                path: path, line: line,
                message: "64 hex digits may be sha256, url-sha256 or pdq, and the list does not say which: \(hint)")
        }
        throw .badHeader(
            path: path, line: line,
            message: "cannot tell the list's algorithm from its first line (\(first.count) characters): \(hint)")
    }
}
