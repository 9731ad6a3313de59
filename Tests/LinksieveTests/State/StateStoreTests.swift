import Foundation
import Synchronization
import Testing
@testable import Linksieve

@Suite("State store")
struct StateStoreTests {
    private func sample(_ row: Int, _ verdict: RowResult.Verdict) -> RowResult {
        var result = RowResult(row: row, verdict: verdict, url: "http://example.com/\(row).jpg",
                               normalizedURL: "http://example.com/\(row).jpg")
        if verdict != .rejected {
            result.fetch = .init(
                outcome: "ok", httpStatus: 200, contentType: "image/jpeg", bytes: 1234, fetchedAt: 1.5,
                finalURL: "http://cdn.example.com/\(row).jpg")
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

    @Test("connections opening a new state at the same moment each find it migrated once")
    func concurrentOpens() throws {
        let dir = try TemporaryDirectory()
        for attempt in 0..<5 {
            let path = dir.file("state-\(attempt).sqlite")
            let failures = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                do { _ = try StateStore(path: path) } catch { failures.withLock { $0.append("\(error)") } }
            }
            #expect(failures.withLock { $0 } == [])
        }
    }

    @Test("a state written before final URLs were kept is upgraded in place and keeps its rows")
    func upgradesVersion2() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("state.sqlite")
        do {
            // The schema as version 2 left it, with one fetched row.
            let old = try SQLiteDatabase(path: path)
            try old.execute("""
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE rows (
                    row INTEGER PRIMARY KEY, verdict TEXT NOT NULL, url TEXT, normalized_url TEXT,
                    reason TEXT, detail TEXT,
                    fetch_outcome TEXT, http_status INTEGER, content_type TEXT, bytes INTEGER, fetched_at REAL,
                    md5 TEXT, sha1 TEXT, sha256 TEXT,
                    image_outcome TEXT, format TEXT, width INTEGER, height INTEGER, pdq TEXT, pdq_quality INTEGER,
                    etag TEXT, last_modified TEXT, pdq_dihedral TEXT, robots TEXT);
                CREATE TABLE matches (
                    row INTEGER NOT NULL, seq INTEGER NOT NULL, stage TEXT NOT NULL, algorithm TEXT NOT NULL,
                    list TEXT NOT NULL, label TEXT NOT NULL, category TEXT, entry TEXT NOT NULL,
                    observed TEXT NOT NULL, distance INTEGER, variant TEXT, PRIMARY KEY (row, seq));
                CREATE TABLE runs (
                    id INTEGER PRIMARY KEY, started_at REAL NOT NULL, finished_at REAL,
                    command TEXT NOT NULL, lists TEXT NOT NULL, summary TEXT);
                CREATE TABLE changes (run INTEGER NOT NULL, row INTEGER NOT NULL, change TEXT NOT NULL, detail TEXT NOT NULL);
                INSERT INTO rows (row, verdict, url, normalized_url, fetch_outcome, http_status, bytes, fetched_at)
                    VALUES (0, 'kept', 'http://example.com/0.jpg', 'http://example.com/0.jpg', 'http-404', 404, 0, 2.0);
                PRAGMA user_version = 2;
                """)
        }
        let store = try StateStore(path: path)
        try store.record(sample(1, .kept))
        var read: [RowResult] = []
        try store.forEachResult { read.append($0) }
        #expect(read.map(\.row) == [0, 1])
        #expect(read.first?.fetch?.outcome == "http-404")
        #expect(read.first?.fetch?.finalURL == nil)
        #expect(read.last?.fetch?.finalURL == "http://cdn.example.com/1.jpg")
        let version = try SQLiteDatabase(path: path).prepare("PRAGMA user_version")
        _ = try version.step()
        #expect(version.int(0) == StateStore.schemaVersion)
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
