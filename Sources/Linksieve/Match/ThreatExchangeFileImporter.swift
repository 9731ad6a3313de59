/// Reads python-threatexchange's local file layout: `<signal type> <value>` per line (`pdq …`,
/// `url …`, `url_md5 …`, `video_md5 …`). File digests become md5/sha256 entries, `url_md5` the
/// `url-md5` algorithm (MD5 of the normalised URL); other signal types (`raw_text`, `trend_query`,
/// `video_tmk_pdqf`, …) are counted as skipped by type.
enum ThreatExchangeFileImporter {
    /// The signal types linksieve matches, and the algorithm each becomes.
    static let algorithms: [String: HashAlgorithm] = [
        "pdq": .pdq, "photo_pdq": .pdq,
        "md5": .md5, "photo_md5": .md5, "video_md5": .md5,
        "sha1": .sha1,
        "sha256": .sha256, "photo_sha256": .sha256, "video_sha256": .sha256,
        "url": .url, "url_md5": .urlMD5,
    ]

    /// Signal types python-threatexchange knows that linksieve cannot match; they identify the layout
    /// as much as the matchable ones do.
    static let skippedTypes: Set = [
        "raw_text", "trend_query", "text_tlsh", "video_tmk_pdqf", "vpdq", "photodna", "video_tmk", "tmk",
    ]

    /// Whether a trimmed line reads `<known signal type> <value>`: the first line decides the layout.
    static func looksLikeSignalLine(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let space = text.firstIndex(where: { $0 == 0x20 || $0 == 0x09 }), space < text.count - 1 else { return false }
        let type = String(decoding: UnsafeBufferPointer(rebasing: text[..<space]), as: UTF8.self)
        return algorithms[type] != nil || skippedTypes.contains(type)
    }

    static func importLines(path: String, settings: ListSettings, into builder: inout HashListBuilder) throws(HashListError) {
        let label = builder.label(settings.label, category: settings.category)
        try ListLineReader(path: path).forEachLine { (line, bytes) throws(HashListError) -> Bool in
            let text = ListBytes.trimmed(bytes)
            if text.isEmpty || text[0] == UInt8(ascii: "#") { return true }
            guard let space = text.firstIndex(where: { $0 == 0x20 || $0 == 0x09 }) else {
                throw .badEntry(path: path, line: line, message: "expected a signal type, a space and a value")
            }
            let type = String(decoding: UnsafeBufferPointer(rebasing: text[..<space]), as: UTF8.self)
            let rest = ListBytes.trimmed(UnsafeBufferPointer(rebasing: text[(space + 1)...]))
            guard !rest.isEmpty else { throw .badEntry(path: path, line: line, message: "the \(type) line has no value") }
            guard let algorithm = algorithms[type] else {
                guard type.utf8.allSatisfy({ ASCIIText.isLetter($0) || ASCIIText.isDigit($0) || $0 == UInt8(ascii: "_") })
                else {
                    throw .badEntry(path: path, line: line, message: "expected a signal type such as pdq or url_md5")
                }
                builder.skip(type)
                return true
            }
            do throws(HashValueProblem) {
                if algorithm.isDigest {
                    try builder.addDigest(algorithm, hex: rest, label: label)
                } else {
                    guard let value = String(validating: rest, as: UTF8.self) else {
                        throw HashValueProblem(message: "the line is not valid UTF-8")
                    }
                    try builder.add(algorithm, value: value, label: label)
                }
            } catch {
                throw .badEntry(path: path, line: line, message: "\(type): \(error.message)")
            }
            return true
        }
    }
}
