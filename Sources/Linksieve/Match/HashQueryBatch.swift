import Dispatch

/// The queries of one `linksieve match` input: parsed with their line numbers, looked up on every core,
/// and written as one JSON line per match.
public enum HashQueryBatch {
    public struct Parsed: Sendable {
        public var queries: [(line: Int, query: HashQuery)] = []
        /// Lines that are not a usable query, with the reason; the other lines are still looked up.
        public var problems: [(line: Int, message: String)] = []
    }

    /// One query per line; blank lines and lines starting with `#` are skipped.
    public static func parse(_ text: String) -> Parsed {
        var parsed = Parsed()
        var number = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let trimmed = ASCIIText.trimmed(String(line))
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            do {
                parsed.queries.append((number, try HashQuery(parsing: trimmed)))
            } catch {
                parsed.problems.append((number, error.message))
            }
        }
        return parsed
    }

    /// The matches of each query, in query order, computed by `workers` threads.
    public static func run(_ queries: [HashQuery], matcher: HashMatcher, pdqThreshold: Int, workers: Int) -> [[Match]] {
        var results = [[Match]](repeating: [], count: queries.count)
        let batches = max(1, min(queries.count, workers * 8))
        let perBatch = (queries.count + batches - 1) / batches
        results.withUnsafeMutableBufferPointer { results in
            let results = UnsafeSendableBuffer(results)
            DispatchQueue.concurrentPerform(iterations: batches) { batch in
                let start = batch * perBatch
                let end = min(queries.count, start + perBatch)
                guard start < end else { return }
                // Each batch writes only its own elements.
                for index in start..<end {
                    results.buffer[index] = matcher.match(queries[index], pdqThreshold: pdqThreshold)
                }
            }
        }
        return results
    }

    /// query, algorithm, list, label, category, entry and distance (null for exact matches).
    public static func json(_ query: HashQuery, _ match: Match) -> JSONValue {
        .object([
            ("query", .string(query.text)), ("algorithm", .string(match.algorithm.rawValue)), ("list", .string(match.list)),
            ("label", .string(match.label)), ("category", .of(match.category)), ("entry", .string(match.entry)),
            ("distance", .of(match.distance)),
        ])
    }
}
