import Foundation
import Testing
@testable import Linksieve

@Suite("State store")
struct StateStoreTests {
    private func sample(_ row: Int, _ verdict: RowResult.Verdict) -> RowResult {
        var result = RowResult(row: row, verdict: verdict, url: "http://example.com/\(row).jpg",
                               normalizedURL: "http://example.com/\(row).jpg")
        if verdict != .rejected {
            result.fetch = .init(outcome: "ok", httpStatus: 200, contentType: "image/jpeg", bytes: 1234, fetchedAt: 1.5)
            result.content = .init(
                digests: ContentDigests(md5: String(repeating: "a", count: 32), sha1: String(repeating: "b", count: 40),
                                        sha256: String(repeating: "c", count: 64)),
                imageOutcome: "hashed", format: "jpeg", width: 640, height: 480,
                pdq: String(repeating: "d", count: 64), pdqQuality: 87)
        } else {
            result.reason = "invalid-url"
            result.detail = "no host"
        }
        if verdict == .quarantined {
            result.matches = [
                Match(stage: .bytes, algorithm: .md5, list: "a.csv", label: "x", category: nil,
                      entry: String(repeating: "a", count: 32), observed: String(repeating: "a", count: 32), distance: nil),
                Match(stage: .pixels, algorithm: .pdq, list: "b.csv", label: "y", category: "c1",
                      entry: String(repeating: "d", count: 64), observed: String(repeating: "d", count: 64), distance: 3),
            ]
        }
        return result
    }

    @Test("results come back in row order with their matches, whatever the order recorded")
    func roundTrip() throws {
        let dir = try TemporaryDirectory()
        let store = try StateStore(path: dir.file("state.sqlite"), batchSize: 2)
        let results = [sample(5, .quarantined), sample(0, .kept), sample(3, .rejected), sample(1, .quarantined)]
        for result in results { try store.record(result) }
        var read: [RowResult] = []
        try store.forEachResult { read.append($0) }
        #expect(read == results.sorted { $0.row < $1.row })
    }

    @Test("completed rows survive reopening, so a rerun can skip them")
    func completedRowsPersist() throws {
        let dir = try TemporaryDirectory()
        do {
            let store = try StateStore(path: dir.file("state.sqlite"))
            for row in [2, 7, 100_000] { try store.record(sample(row, .kept)) }
            try store.flush()
        }
        let reopened = try StateStore(path: dir.file("state.sqlite"))
        let done = try reopened.completedRows()
        #expect(done.count == 3)
        #expect(done.contains(2) && done.contains(7) && done.contains(100_000))
        #expect(!done.contains(3))
    }

    @Test("the database is created owner-only: it names matched content")
    func ownerOnly() throws {
        let dir = try TemporaryDirectory()
        _ = try StateStore(path: dir.file("state.sqlite"))
        let mode = try FileManager.default.attributesOfItem(atPath: dir.file("state.sqlite"))[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test("a state database refuses a different manifest")
    func boundToOneManifest() throws {
        let dir = try TemporaryDirectory()
        let store = try StateStore(path: dir.file("state.sqlite"))
        let manifest = ManifestBinding(path: "/d/a.csv", identity: "a.csv size=1", urlColumn: nil)
        try store.bind(toManifest: manifest)
        try store.bind(toManifest: manifest)
        #expect(try store.manifestBinding() == manifest)
        #expect(throws: StateError.self) {
            try store.bind(toManifest: ManifestBinding(path: "/d/b.csv", identity: "b.csv size=2", urlColumn: nil))
        }
    }
}
