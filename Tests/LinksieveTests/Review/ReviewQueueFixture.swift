import Foundation
@testable import Linksieve

/// A state directory with quarantined rows made to order: which entries matched which rows at
/// what distance, on which domains. Written through `StateStore`, as a scan writes them.
final class ReviewQueueFixture {
    let directory: TemporaryDirectory
    let store: StateStore
    var path: String { directory.path }

    /// One match to record: the entry (list, algorithm, value), stage, distance and role.
    struct Hit {
        var list: String
        var algorithm: HashAlgorithm
        var entry: String
        var distance: Int?
        var role: ListRole = .block
        var category: String? = "test"

        var stage: MatchStage {
            switch algorithm {
            case .pdq: .pixels
            case .url, .urlSHA256, .urlMD5, .domain: .url
            default: .bytes
            }
        }
    }

    init() throws {
        directory = try TemporaryDirectory("review-queue")
        store = try StateStore(path: directory.file("state.sqlite"))
    }

    /// A PDQ hex hash with the lowest `bits` bits of `base` flipped.
    static func pdq(_ base: PDQHash, flipping bits: Int) -> String {
        var limbs = [base.limbs.0, base.limbs.1, base.limbs.2, base.limbs.3]
        for bit in 0..<bits { limbs[bit / 64] ^= 1 << UInt64(bit % 64) }
        return PDQHash(limbs: (limbs[0], limbs[1], limbs[2], limbs[3])).hex
    }

    static let entryHash = PDQHash(limbs: (0x0123_4567_89ab_cdef, 0xfedc_ba98_7654_3210, 0x0f0f_0f0f_f0f0_f0f0, 0x1111_2222_3333_4444))

    /// Records row `row` on `domain`, quarantined by `hits` (kept when there are none).
    func add(row: Int, domain: String, hits: [Hit]) throws {
        let url = "https://\(domain)/images/\(row).jpg"
        let matches = hits.map { hit -> Match in
            let observed = hit.algorithm == .pdq
                ? Self.pdq(PDQHash(hex: hit.entry)!, flipping: hit.distance ?? 0) : hit.entry
            var match = Match(
                stage: hit.stage, algorithm: hit.algorithm, list: hit.list, label: hit.list + "-label",
                category: hit.category, entry: hit.entry, observed: observed, distance: hit.distance)
            match.role = hit.role
            return match
        }
        let pdq = hits.first { $0.algorithm == .pdq }.map { Self.pdq(PDQHash(hex: $0.entry)!, flipping: $0.distance ?? 0) }
        var content = RowResult.Content(
            digests: ContentDigests(md5: "md5-\(row)", sha1: "sha1-\(row)", sha256: "sha256-\(row)"),
            imageOutcome: "hashed")
        content.pdq = pdq
        content.pdqQuality = pdq == nil ? nil : 90
        try store.record(RowResult(
            row: row, verdict: matches.contains(where: \.quarantines) ? .quarantined : .kept, url: url,
            normalizedURL: url,
            fetch: RowResult.Fetch(outcome: "ok", httpStatus: 200, contentType: "image/jpeg", bytes: 1000 + row, fetchedAt: 1_700_000_000),
            content: content, matches: matches))
    }

    func finish() throws { try store.flush() }
}
