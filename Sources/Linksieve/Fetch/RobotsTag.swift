/// Reads X-Robots-Tag response headers, where sites say "do not use this for AI" (noai, noimageai)
/// next to the search-engine directives (noindex, nofollow, ...), so a dataset can honour the opt-out.
///
/// A directive may be scoped to one crawler ("X-Robots-Tag: otherbot: noai"), and the scope runs
/// until the next scope in the same header value. Directives with no scope or scoped to linksieve
/// apply to us and are kept as the bare token ("noai"); directives scoped to another crawler are
/// kept as "agent:token" ("otherbot:noai") so the record is complete, but they do not opt the
/// content out, as the crawlers that defined these headers (and img2dataset) read them.
public enum RobotsTag {
    /// The product token a site uses to address this crawler.
    public static let agentToken = "linksieve"
    /// Directives asking that the content not be used for AI training.
    public static let optOutDirectives: Set<String> = ["noai", "noimageai"]

    /// Directives that carry a value after a colon, which must not be read as a crawler scope.
    private static let valuedDirectives: Set<String> = [
        "unavailable_after", "max-snippet", "max-image-preview", "max-video-preview",
    ]

    /// The directives of every X-Robots-Tag header value of one response, lower-cased, each once,
    /// in the order they were sent.
    public static func directives(fromHeaderValues values: [String]) -> [String] {
        var result: [String] = []
        var seen: Set<String> = []
        for value in values {
            var scope: String?
            var previousWasValued = false
            for rawPiece in value.lowercased().split(separator: ",") {
                var piece = trimmed(rawPiece)
                if piece.isEmpty { continue }
                if let colon = piece.firstIndex(of: ":") {
                    let name = trimmed(piece[..<colon])
                    let rest = trimmed(piece[piece.index(after: colon)...])
                    if !isToken(name) {
                        // A comma inside a value, as in the date of unavailable_after.
                        if previousWasValued, var last = result.popLast() {
                            seen.remove(last)
                            last += ", " + piece
                            if seen.insert(last).inserted { result.append(last) }
                        }
                        continue
                    }
                    if !valuedDirectives.contains(name) {
                        scope = name
                        piece = rest
                        if piece.isEmpty { continue }
                    }
                }
                previousWasValued = false
                guard let directive = directive(from: piece) else { continue }
                previousWasValued = directive.contains(":")
                let recorded = scope == nil || scope == agentToken ? directive : "\(scope!):\(directive)"
                if seen.insert(recorded).inserted { result.append(recorded) }
            }
        }
        return result
    }

    /// Whether `directives` (as `directives(fromHeaderValues:)` returns them) opt the content out of AI use.
    public static func optsOut(_ directives: [String]) -> Bool {
        directives.contains { optOutDirectives.contains($0) }
    }

    /// "noai" → "noai"; "max-image-preview : none" → "max-image-preview:none"; nil for text that is
    /// no directive at all.
    private static func directive(from piece: String) -> String? {
        guard let colon = piece.firstIndex(of: ":") else { return isToken(piece) ? piece : nil }
        let name = trimmed(piece[..<colon])
        let value = trimmed(piece[piece.index(after: colon)...])
        guard valuedDirectives.contains(name) else { return nil }
        return "\(name):\(value)"
    }

    private static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_"
                || scalar == "."
        }
    }

    private static func trimmed(_ text: some StringProtocol) -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isBlank($0) }), let last = text.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return String(text[first...last])
    }
}
