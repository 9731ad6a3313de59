/// Tells partner feeds from line lists by their first bytes: XML (`<`) is an NCMEC page; JSON (`{` or
/// `[`) is a StopNCII page when it names `hashRecords` and a Tech Against Terrorism list when it names
/// `results`. Anything else is left to the line layouts (nil).
enum PartnerFeedFormat {
    /// How much of a JSON file is searched for the array's name.
    static let sniffBytes = 1 << 20

    static func detect(path: String) throws(HashListError) -> HashListFormat? {
        let input: ZlibFileInput
        do {
            input = try ZlibFileInput(path: path)
            guard try input.readChunk(line: 1) else { return nil }
        } catch {
            throw HashListError(error, path: path)
        }
        let head = Array(input.buffer[0..<min(input.count, sniffBytes)])
        var start = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < head.count, ASCIIText.isSpace(head[start]) { start += 1 }
        guard start < head.count else { return nil }
        switch head[start] {
        case UInt8(ascii: "<"):
            return .ncmecXML
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let text = head[start...]
            let stopNCII = text.firstRange(of: Array("\"hashRecords\"".utf8))?.lowerBound
            let tat = text.firstRange(of: Array("\"results\"".utf8))?.lowerBound
            switch (stopNCII, tat) {
            case let (a?, b?): return a < b ? .stopNCIIJSON : .tatJSON
            case (_?, nil): return .stopNCIIJSON
            case (nil, _?): return .tatJSON
            case (nil, nil):
                throw .badHeader(
                    path: path, line: 1,
                    message: "a JSON list holds \"hashRecords\" (StopNCII) or \"results\" (Tech Against Terrorism)")
            }
        default:
            return nil
        }
    }
}
