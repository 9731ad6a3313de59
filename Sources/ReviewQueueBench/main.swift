import Foundation
import Linksieve

/// Builds a state directory with ROWS quarantined rows shaped like a real scan's (a few entries
/// matching hundreds of thousands of rows, many matching a handful; four lists, four categories,
/// twenty thousand domains with a long tail, PDQ distances spread over 0…31, some rows matched
/// twice), written through `StateStore` as a scan writes them, then times the review queue: its
/// one-time build, first pages, every filter change, other orders, a deep page and decisions.
/// Prints each figure against the 200 ms goal.
let arguments = CommandLine.arguments
guard arguments.count == 3, let rowCount = Int(arguments[2]), rowCount > 0 else {
    FileHandle.standardError.write(Data("usage: ReviewQueueBench STATE-DIR ROWS\n".utf8))
    exit(2)
}
let directory = arguments[1]
let goal = 0.200

/// xorshift64*: deterministic, so every run builds the same state.
struct Random {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func hex(_ digits: Int) -> String {
        var text = ""
        while text.count < digits { text += String(format: "%016llx", next()) }
        return String(text.prefix(digits))
    }
}


/// A PDQ hash `bits` bits away from `hex`.
func flipped(_ hex: String, bits: Int, random: inout Random) -> String {
    let hash = PDQHash(hex: hex)!
    var limbs = [hash.limbs.0, hash.limbs.1, hash.limbs.2, hash.limbs.3]
    var positions = Set<Int>()
    while positions.count < bits { positions.insert(random.below(256)) }
    for bit in positions { limbs[bit / 64] ^= 1 << UInt64(bit % 64) }
    return PDQHash(limbs: (limbs[0], limbs[1], limbs[2], limbs[3])).hex
}

struct Entry {
    var list: String
    var algorithm: HashAlgorithm
    var value: String
    var category: String
    var role: ListRole = .block
    var maxDistance = 31
}

func domain(_ random: inout Random) -> String {
    // A long tail: a few domains hold many rows, most hold a few.
    "d\(Int(pow(random.unit(), 3) * 20_000)).example"
}

func match(_ entry: Entry, url: String, random: inout Random) -> Match {
    let stage: MatchStage
    var observed = entry.value
    var distance: Int?
    switch entry.algorithm {
    case .pdq:
        stage = .pixels
        distance = random.below(entry.maxDistance + 1)
        observed = flipped(entry.value, bits: distance!, random: &random)
    case .url:
        stage = random.below(10) == 0 ? .redirect : .url
        observed = url
    default: stage = .bytes
    }
    var made = Match(
        stage: stage, algorithm: entry.algorithm, list: entry.list, label: entry.list + " entry", category: entry.category,
        entry: entry.value, observed: observed, distance: distance)
    made.role = entry.role
    return made
}

func newEntry(_ random: inout Random) -> Entry {
    switch random.below(20) {
    case 0..<7: Entry(list: "ncmec.csv", algorithm: .pdq, value: random.hex(64), category: "csam-a")
    case 7..<12: Entry(list: "c3p.csv", algorithm: .pdq, value: random.hex(64), category: "csam-b")
    case 12..<16: Entry(list: "iwf.csv", algorithm: .md5, value: random.hex(32), category: "csam-b")
    case 16..<19: Entry(list: "iwf.csv", algorithm: .url, value: "", category: "csam-c")
    default: Entry(list: "unvetted.csv", algorithm: .sha256, value: random.hex(64), category: "unverified", role: .flag)
    }
}

func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let value = try body()
    return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}

do {
    var random = Random()
    let statePath = directory + "/state.sqlite"
    if !FileManager.default.fileExists(atPath: statePath) {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let (_, seconds) = try timed {
            let store = try StateStore(path: statePath, batchSize: 4096)
            // Three floods (a blank image, a logo, a watermark's MD5) hold 35% of the rows.
            let floods = [
                (Entry(list: "ncmec.csv", algorithm: .pdq, value: random.hex(64), category: "csam-a", maxDistance: 12), 0.20),
                (Entry(list: "c3p.csv", algorithm: .pdq, value: random.hex(64), category: "csam-b", maxDistance: 20), 0.10),
                (Entry(list: "ncmec.csv", algorithm: .md5, value: random.hex(32), category: "csam-a"), 0.05),
            ]
            let extra = Entry(list: "iwf.csv", algorithm: .md5, value: random.hex(32), category: "csam-b")
            var current = newEntry(&random)
            var left = 0
            var row = 0
            var quarantined = 0
            while quarantined < rowCount {
                let url = "https://\(domain(&random))/img/\(row).jpg"
                // One row in 20 is kept: the queue holds quarantined rows only.
                if random.below(20) == 0 {
                    try store.record(RowResult(row: row, verdict: .kept, url: url, normalizedURL: url))
                    row += 1
                    continue
                }
                var entry: Entry
                let draw = random.unit()
                if draw < 0.20 { entry = floods[0].0 }
                else if draw < 0.30 { entry = floods[1].0 }
                else if draw < 0.35 { entry = floods[2].0 }
                else {
                    if left == 0 {
                        current = newEntry(&random)
                        // Small groups: 1 row usually, up to 8.
                        left = 1 + Int(pow(random.unit(), 4) * 8)
                    }
                    left -= 1
                    entry = current
                }
                if entry.algorithm == .url { entry.value = url }
                var matches = [match(entry, url: url, random: &random)]
                if random.below(20) == 0 { matches.append(match(extra, url: url, random: &random)) }
                let pdq = matches.first { $0.algorithm == .pdq }?.observed
                var content = RowResult.Content(
                    digests: ContentDigests(md5: random.hex(32), sha1: random.hex(40), sha256: random.hex(64)),
                    imageOutcome: "hashed")
                content.pdq = pdq
                content.pdqQuality = pdq == nil ? nil : 50 + random.below(51)
                let fetched = entry.algorithm != .url
                try store.record(RowResult(
                    row: row, verdict: .quarantined, url: url, normalizedURL: url,
                    fetch: fetched
                        ? RowResult.Fetch(outcome: "ok", httpStatus: 200, contentType: "image/jpeg",
                            bytes: 10_000 + random.below(500_000), fetchedAt: 1_780_000_000 + Double(row))
                        : nil,
                    content: fetched ? content : nil, matches: matches))
                row += 1
                quarantined += 1
            }
            try store.flush()
        }
        print(String(format: "state: %d quarantined rows written through StateStore in %.1f s", rowCount, seconds))
    }

    let (queue, buildSeconds) = try timed { try ReviewQueue(stateDirectory: directory) }
    print(String(format: "queue tables built once (schema 7): %.1f s", buildSeconds))

    var results: [(String, Double)] = []
    /// Best of three runs after a first one, and the first; the goal is checked on the slower.
    func measure(_ name: String, _ body: () throws -> Int) throws {
        let (count, first) = try timed(body)
        var best = Double.infinity
        for _ in 0..<3 { best = min(best, try timed(body).1) }
        results.append((name, max(first, best)))
        let mark = max(first, best) < goal ? "ok" : "OVER"
        print(String(format: "%-58@ %8.1f ms (first %7.1f ms) %5d items  %@", name as NSString, best * 1000, first * 1000,
            count, mark as NSString))
    }

    let groupsPage = try queue.groups(limit: 50).items
    let flood = try queue.groups(order: .groupSize, limit: 1).items[0]
    let smallGroup = groupsPage.last { $0.rows <= 3 } ?? groupsPage[groupsPage.count - 1]
    let someDomain = try queue.rows(limit: 1).items[0].domain
    try measure("first page of groups (borderline)") { try queue.groups(limit: 50).items.count }
    try measure("first page of rows (borderline)") { try queue.rows(limit: 50).items.count }
    try measure("groups by size") { try queue.groups(order: .groupSize, limit: 50).items.count }
    try measure("groups by row") { try queue.groups(order: .row, limit: 50).items.count }
    try measure("rows by group size") { try queue.rows(order: .groupSize, limit: 50).items.count }
    try measure("rows by row") { try queue.rows(order: .row, limit: 50).items.count }

    let filters: [(String, ReviewFilter)] = [
        ("list=c3p.csv", ReviewFilter(list: "c3p.csv")),
        ("category=unverified", ReviewFilter(category: "unverified")),
        ("algorithm=md5", ReviewFilter(algorithm: "md5")),
        ("stage=redirect", ReviewFilter(stage: .redirect)),
        ("pdq distance 28...31", ReviewFilter(pdqDistance: 28...31)),
        ("pdq distance 0...2", ReviewFilter(pdqDistance: 0...2)),
        ("decision=undecided", ReviewFilter(decision: .undecided)),
        ("decision=confirmed", ReviewFilter(decision: .confirmed)),
        ("domain=\(someDomain)", ReviewFilter(domain: someDomain)),
        ("domain=d19999.example (tail)", ReviewFilter(domain: "d19999.example")),
        ("group=largest flood", ReviewFilter(group: flood.key)),
        ("group=small", ReviewFilter(group: smallGroup.key)),
        ("list+distance 20...31+domain", ReviewFilter(list: "ncmec.csv", pdqDistance: 20...31, domain: someDomain)),
        ("algorithm=url+stage=redirect+undecided", ReviewFilter(algorithm: "url", stage: .redirect, decision: .undecided)),
    ]
    for (name, filter) in filters {
        try measure("rows   " + name) { try queue.rows(filter: filter, limit: 50).items.count }
        try measure("groups " + name) { try queue.groups(filter: filter, limit: 50).items.count }
    }

    // A page half-way down: the cursor after 500,000 rows, reached by pages of 10,000.
    var cursor: ReviewCursor?
    var skipped = 0
    while skipped < rowCount / 2, let next = try queue.rows(after: cursor, limit: 10_000).next {
        cursor = next
        skipped += 10_000
    }
    try measure("rows, page after row \(skipped) (borderline)") { try queue.rows(after: cursor, limit: 50).items.count }
    var groupCursor: ReviewCursor?
    var groupsSkipped = 0
    while groupsSkipped < 100_000, let next = try queue.groups(after: groupCursor, limit: 10_000).next {
        groupCursor = next
        groupsSkipped += 10_000
    }
    try measure("groups, page after group \(groupsSkipped)") { try queue.groups(after: groupCursor, limit: 50).items.count }
    try measure("row detail with both PDQ hashes") { try queue.row(queue.rows(limit: 1).items[0].row).map { $0.matches.count } ?? 0 }

    let store = try StateStore(path: directory + "/state.sqlite")
    let log = DecisionLog(state: store)
    let firstRow = try queue.rows(limit: 1).items[0].row
    let (_, rowDecision) = try timed { try log.append(reviewer: "bench", kind: .confirmed, target: .row(firstRow)) }
    print(String(format: "decision on one row: %.1f ms", rowDecision * 1000))
    let (_, groupDecision) = try timed {
        try log.append(reviewer: "bench", kind: .falsePositive, target: flood.key.decisionTarget)
    }
    print(String(format: "decision on the largest group (%d rows): %.1f ms", flood.rows, groupDecision * 1000))
    try measure("rows   decision=false-positive (after the group decision)") {
        try queue.rows(filter: ReviewFilter(decision: .falsePositive), limit: 50).items.count
    }
    try measure("groups decision=confirmed (after the row decision)") {
        try queue.groups(filter: ReviewFilter(decision: .confirmed), limit: 50).items.count
    }

    let over = results.filter { $0.1 >= goal }
    print("\(results.count - over.count) of \(results.count) queries under the 200 ms goal"
        + (over.isEmpty ? "" : "; over: " + over.map { $0.0 }.joined(separator: ", ")))
    exit(over.isEmpty ? 0 : 1)
} catch {
    FileHandle.standardError.write(Data("ReviewQueueBench: \(error)\n".utf8))
    exit(1)
}
