import Foundation
import Synchronization

/// The scan's state database (`state.sqlite`): one row per manifest row that has reached its
/// verdict, the list matches behind it, and a record of every run.
///
/// Completed rows are committed in batches (WAL journal), so a crash or kill loses at most the
/// last uncommitted batch and a rerun skips everything committed. The file holds URLs of matched
/// content and is created owner-only (0600). Recording (`record`, `updateVerdict`, `recordChange`,
/// `flush`) is safe from several threads; everything else is for one thread at a time.
///
/// `@unchecked` because of the SQLite connection and its prepared statements (C handles): the
/// recording statements are used only inside `batch`'s lock, and every other method is documented
/// as one thread at a time, which is how `Scan` and `Rescan` call them.
public final class StateStore: @unchecked Sendable {
    public static let schemaVersion = 7

    public let path: String
    let database: SQLiteDatabase
    private let batch = Mutex(Batch())
    private let batchSize: Int
    private let insertRow: SQLiteStatement
    private let deleteMatches: SQLiteStatement
    private let updateRow: SQLiteStatement
    private let insertChange: SQLiteStatement
    private let insertMatch: SQLiteStatement
    private let selectFetchedRow: SQLiteStatement
    private let invalidateReviewIndex: SQLiteStatement

    public init(path: String, batchSize: Int = 512) throws(StateError) {
        self.path = path
        self.batchSize = batchSize
        try Self.createOwnerOnly(path)
        try Self.requireCompanionsRegular(path)
        database = try SQLiteDatabase(path: path)
        try database.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
        try Self.migrate(database, path: path)
        insertRow = try database.prepare("""
            INSERT OR REPLACE INTO rows (row, verdict, url, normalized_url, reason, detail,
                fetch_outcome, http_status, content_type, bytes, fetched_at,
                md5, sha1, sha256, image_outcome, format, width, height, pdq, pdq_quality, etag, last_modified,
                pdq_dihedral, robots, final_url)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,
                ?23, ?24, ?25)
            """)
        deleteMatches = try database.prepare("DELETE FROM matches WHERE row = ?1")
        invalidateReviewIndex = try database.prepare(ReviewIndex.invalidation)
        selectFetchedRow = try database.prepare(
            "SELECT row FROM rows WHERE normalized_url = ?1 AND fetch_outcome IS NOT NULL LIMIT 1")
        updateRow = try database.prepare("UPDATE rows SET verdict = ?1, reason = ?2, detail = ?3 WHERE row = ?4")
        insertChange = try database.prepare("INSERT INTO changes (run, row, change, detail) VALUES (?1, ?2, ?3, ?4)")
        insertMatch = try database.prepare("""
            INSERT INTO matches (row, seq, stage, algorithm, list, label, category, entry, observed, distance, variant,
                role, suppressed_by)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
            """)
    }

    /// Creates the file owner-only before SQLite opens it, so it is never readable by others. A new
    /// file is created exclusively and never through a symlink; an existing one must be a regular
    /// file (SQLite is told not to follow symlinks either).
    private static func createOwnerOnly(_ path: String) throws(StateError) {
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if fd >= 0 {
            close(fd)
            return
        }
        guard errno == EEXIST else { throw .database(path: path, message: String(cString: strerror(errno))) }
        try requireRegularFile(path)
    }

    /// SQLite's NOFOLLOW covers the database file only; its journal, WAL and shared-memory files,
    /// when present, must not be symlinks either.
    private static func requireCompanionsRegular(_ path: String) throws(StateError) {
        for suffix in ["-journal", "-wal", "-shm"] {
            var info = stat()
            guard lstat(path + suffix, &info) == 0 else { continue }
            try requireRegularFile(path + suffix)
        }
    }

    private static func requireRegularFile(_ path: String) throws(StateError) {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw .database(path: path, message: "is not a regular file (a symlink?); a state database's files must be")
        }
    }

    /// A copy of this database at `path` (a new file, owner-only), opened as a store.
    public func copy(to path: String) throws(StateError) -> StateStore {
        try flush()
        try Self.createOwnerOnly(path)
        try database.backup(into: try SQLiteDatabase(path: path))
        return try StateStore(path: path)
    }

    /// Brings the schema to `schemaVersion`. The version is read again inside a write transaction,
    /// so two processes opening a new or older state at once (a scan creating it, a reader polling
    /// it) migrate it once, one after the other, never both from the same version.
    private static func migrate(_ database: SQLiteDatabase, path: String) throws(StateError) {
        guard try schemaVersion(of: database) != schemaVersion else { return }
        try database.execute("BEGIN IMMEDIATE")
        do {
            try migrateWithinTransaction(database, path: path)
            try database.execute("COMMIT")
        } catch {
            try? database.execute("ROLLBACK")
            throw error
        }
    }

    private static func schemaVersion(of database: SQLiteDatabase) throws(StateError) -> Int {
        let versionQuery = try database.prepare("PRAGMA user_version")
        defer { versionQuery.reset() }
        return try versionQuery.step() ? versionQuery.int(0) : 0
    }

    private static func migrateWithinTransaction(_ database: SQLiteDatabase, path: String) throws(StateError) {
        let version = try schemaVersion(of: database)
        if version > schemaVersion {
            throw .foreignState(
                path: path,
                message: "schema version \(version) is newer than this linksieve understands (\(schemaVersion))")
        }
        if version < 1 {
            try database.execute("""
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE rows (
                    row INTEGER PRIMARY KEY, verdict TEXT NOT NULL, url TEXT, normalized_url TEXT,
                    reason TEXT, detail TEXT,
                    fetch_outcome TEXT, http_status INTEGER, content_type TEXT, bytes INTEGER, fetched_at REAL,
                    md5 TEXT, sha1 TEXT, sha256 TEXT,
                    image_outcome TEXT, format TEXT, width INTEGER, height INTEGER, pdq TEXT, pdq_quality INTEGER);
                CREATE TABLE matches (
                    row INTEGER NOT NULL, seq INTEGER NOT NULL, stage TEXT NOT NULL, algorithm TEXT NOT NULL,
                    list TEXT NOT NULL, label TEXT NOT NULL, category TEXT, entry TEXT NOT NULL,
                    observed TEXT NOT NULL, distance INTEGER, PRIMARY KEY (row, seq));
                CREATE TABLE runs (
                    id INTEGER PRIMARY KEY, started_at REAL NOT NULL, finished_at REAL,
                    command TEXT NOT NULL, lists TEXT NOT NULL, summary TEXT);
                PRAGMA user_version = 1;
                """)
        }
        if version < 2 {
            // Version 2: validators for conditional re-fetches, X-Robots-Tag directives, the dihedral PDQ
            // hashes, and each row's history of changes found by rescans.
            try database.execute("""
                ALTER TABLE rows ADD COLUMN etag TEXT;
                ALTER TABLE rows ADD COLUMN last_modified TEXT;
                ALTER TABLE rows ADD COLUMN pdq_dihedral TEXT;
                ALTER TABLE rows ADD COLUMN robots TEXT;
                ALTER TABLE matches ADD COLUMN variant TEXT;
                CREATE TABLE changes (
                    run INTEGER NOT NULL, row INTEGER NOT NULL, change TEXT NOT NULL, detail TEXT NOT NULL);
                CREATE INDEX changes_by_row ON changes (row);
                PRAGMA user_version = 2;
                """)
        }
        if version < 3 {
            // Version 3: the URL each fetch ended at after redirects.
            try database.execute("""
                ALTER TABLE rows ADD COLUMN final_url TEXT;
                PRAGMA user_version = 3;
                """)
        }
        if version < 4 {
            // Version 4: the manifest's fingerprint is the SHA-256 of the whole file. An older state
            // keeps its sampled fingerprint under another key until a run recognises the manifest by it.
            try database.execute("""
                UPDATE meta SET key = 'manifest_sampled' WHERE key = 'manifest';
                PRAGMA user_version = 4;
                """)
        }
        if version < 5 {
            // Version 5: what the list policy made of each match (block, flag, negative) and, for a match a
            // negative list overrode, which negative entry did.
            try database.execute("""
                ALTER TABLE matches ADD COLUMN role TEXT;
                ALTER TABLE matches ADD COLUMN suppressed_by TEXT;
                PRAGMA user_version = 5;
                """)
        }
        if version < 6 {
            // Version 6: the reviewers' decisions, an append-only hash chain (see `DecisionLog`). The
            // triggers stop accidental edits; the chain makes deliberate ones detectable.
            try database.execute("""
                CREATE TABLE decisions (
                    seq INTEGER PRIMARY KEY, at TEXT NOT NULL, reviewer TEXT NOT NULL, decision TEXT NOT NULL,
                    row INTEGER, list TEXT, algorithm TEXT, entry TEXT, note TEXT,
                    previous_hash TEXT NOT NULL, hash TEXT NOT NULL);
                CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
                    BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
                CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
                    BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
                PRAGMA user_version = 6;
                """)
        }
        if version < 7 {
            // Version 7: indexes for the decisions that cover a row or an entry, and the review queue's
            // derived tables (see `ReviewIndex`), which are made when a queue is first opened, so a
            // state nobody reviews does not carry them.
            try database.execute("""
                CREATE INDEX decisions_by_row ON decisions (row);
                CREATE INDEX decisions_by_entry ON decisions (list, algorithm, entry);
                PRAGMA user_version = 7;
                """)
        }
    }

    // MARK: - Identity

    /// Ties the database to one manifest: a state directory reused for another manifest would
    /// otherwise mix verdicts of unrelated rows. Also keeps where the manifest is, for rescans. A
    /// state made before schema version 3 that recognises `manifest` by its sampled fingerprint
    /// takes the whole-file one from now on.
    public func bind(toManifest manifest: ManifestBinding) throws(StateError) {
        let meta = try self.meta()
        let insert = try database.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)")
        if meta["manifest"] != nil || meta["manifest_sampled"] != nil {
            guard try describes(manifest) else {
                let stored = meta["manifest"] ?? meta["manifest_sampled"] ?? ""
                throw .foreignState(
                    path: path,
                    message: "belongs to manifest \(meta["manifest_path"] ?? "?") (\(stored)), not \(manifest.path) "
                        + "(\(manifest.identity)); the manifest changed since, or this is another one: choose another --out")
            }
            if meta["manifest"] == nil {
                try insert.run([.text("manifest"), .text(manifest.identity)])
                try database.prepare("DELETE FROM meta WHERE key = 'manifest_sampled'").run()
            }
            return
        }
        try insert.run([.text("manifest"), .text(manifest.identity)])
        try insert.run([.text("manifest_path"), .text(manifest.path)])
        if let column = manifest.urlColumn { try insert.run([.text("url_column"), .text(column)]) }
    }

    /// Whether `manifest` is the file this database was made from: the same whole-file fingerprint
    /// or, for a state from before schema version 3, the same sampled one (a change the sample
    /// misses is still caught row by row: the output pass checks every row's URL against the state).
    public func describes(_ manifest: ManifestBinding) throws(StateError) -> Bool {
        let meta = try self.meta()
        if let identity = meta["manifest"] { return identity == manifest.identity }
        if let sampled = meta["manifest_sampled"] { return sampled == manifest.sampledIdentity }
        return false
    }

    private func meta() throws(StateError) -> [String: String] {
        let select = try database.prepare("SELECT key, value FROM meta")
        var meta: [String: String] = [:]
        while try select.step() { meta[select.text(0) ?? ""] = select.text(1) }
        return meta
    }

    /// Ties the database to the lists and settings its verdicts were made with. A scan that resumes
    /// with others is refused (`replace: false`); a rescan, which re-matches every row, records its own.
    public func bind(matching fingerprint: String, replace: Bool) throws(StateError) {
        let select = try database.prepare("SELECT value FROM meta WHERE key = 'matching'")
        let existing = try select.step() ? select.text(0) : nil
        select.reset()
        if let existing, existing != fingerprint, !replace {
            throw .foreignState(
                path: path,
                message: "was made with other lists or settings (\(existing)); to match against new lists use "
                    + "`linksieve rescan`, or scan into a new --out")
        }
        try database.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('matching', ?1)").run([.text(fingerprint)])
    }

    /// The manifest this database describes, if any scan has bound it.
    public func manifestBinding() throws(StateError) -> ManifestBinding? {
        let meta = try self.meta()
        guard let path = meta["manifest_path"], let identity = meta["manifest"] ?? meta["manifest_sampled"] else {
            return nil
        }
        var binding = ManifestBinding(path: path, identity: identity, urlColumn: meta["url_column"])
        binding.sampledIdentity = meta["manifest_sampled"]
        return binding
    }

    // MARK: - Rows

    /// The rows that already have a verdict, for resuming.
    public func completedRows() throws(StateError) -> RowSet {
        var set = RowSet()
        let select = try database.prepare("SELECT row FROM rows")
        while try select.step() { set.insert(select.int(0)) }
        return set
    }

    /// Indexes rows by normalised URL, for `fetchedResult`. An index, not a schema change: states
    /// without it read the same. Made by the scans that look URLs up, not on open, so that a
    /// rescan of millions of rows does not pay for it.
    public func indexByURL() throws(StateError) {
        try batch.withLock { (_) throws(StateError) in
            try database.execute("CREATE INDEX IF NOT EXISTS rows_by_normalized_url ON rows (normalized_url)")
        }
    }

    /// The stored verdict of a row whose URL normalised to `normalizedURL` and was fetched, if any.
    /// Sees committed rows only: verdicts still queued in a batch are the caller's to remember.
    public func fetchedResult(normalizedURL: String) throws(StateError) -> RowResult? {
        // Under the batch's lock: the recording threads share the connection.
        try batch.withLock { (_) throws(StateError) -> RowResult? in
            let select = selectFetchedRow
            select.bind([.text(normalizedURL)])
            defer { select.reset() }
            guard try select.step() else { return nil }
            let row = select.int(0)
            return try RowResultCursor(database: database, columns: .all, row: row).next()
        }
    }

    /// What the recording threads have queued since the last commit.
    private struct Batch {
        var pending: [RowResult] = []
        var pendingUpdates: [RowResult] = []
        var pendingChanges: [(run: Int, row: Int, change: String, detail: String)] = []
        var lastCommit = Date()
    }

    /// Queues a verdict; it is committed with its batch.
    public func record(_ result: RowResult) throws(StateError) {
        try batch.withLock { (batch) throws(StateError) in
            batch.pending.append(result)
            if batch.pending.count >= batchSize || Date().timeIntervalSince(batch.lastCommit) > 1 {
                try commit(&batch)
            }
        }
    }

    /// Commits every queued verdict.
    public func flush() throws(StateError) {
        try batch.withLock { (batch) throws(StateError) in try commit(&batch) }
    }

    /// Call with `batch`'s lock held.
    private func commit(_ batch: inout Batch) throws(StateError) {
        batch.lastCommit = Date()
        guard !batch.pending.isEmpty || !batch.pendingUpdates.isEmpty || !batch.pendingChanges.isEmpty else { return }
        try database.execute("BEGIN")
        do {
            if !batch.pending.isEmpty || !batch.pendingUpdates.isEmpty { try invalidateReviewIndex.run() }
            for result in batch.pending { try write(result) }
            for result in batch.pendingUpdates {
                try updateRow.run([
                    .text(result.verdict.rawValue), .of(result.reason), .of(result.detail), .integer(result.row),
                ])
                try writeMatches(result)
            }
            for change in batch.pendingChanges {
                try insertChange.run([.integer(change.run), .integer(change.row), .text(change.change), .text(change.detail)])
            }
            try database.execute("COMMIT")
        } catch {
            try? database.execute("ROLLBACK")
            throw error
        }
        batch.pending.removeAll(keepingCapacity: true)
        batch.pendingUpdates.removeAll(keepingCapacity: true)
        batch.pendingChanges.removeAll(keepingCapacity: true)
    }

    private func write(_ r: RowResult) throws(StateError) {
        try insertRow.run([
            .integer(r.row), .text(r.verdict.rawValue), .of(r.url), .of(r.normalizedURL),
            .of(r.reason), .of(r.detail),
            .of(r.fetch?.outcome), .of(r.fetch?.httpStatus), .of(r.fetch?.contentType),
            .of(r.fetch?.bytes), r.fetch.map { .real($0.fetchedAt) } ?? .null,
            .of(r.content?.digests.md5), .of(r.content?.digests.sha1), .of(r.content?.digests.sha256),
            .of(r.content?.imageOutcome), .of(r.content?.format), .of(r.content?.width),
            .of(r.content?.height), .of(r.content?.pdq), .of(r.content?.pdqQuality),
            .of(r.fetch?.etag), .of(r.fetch?.lastModified), .of(r.content?.pdqDihedral), .of(r.fetch?.robots),
            .of(r.fetch?.finalURL),
        ])
        try writeMatches(r)
    }

    private func writeMatches(_ r: RowResult) throws(StateError) {
        try deleteMatches.run([.integer(r.row)])
        for (seq, m) in r.matches.enumerated() {
            try insertMatch.run([
                .integer(r.row), .integer(seq), .text(m.stage.rawValue), .text(m.algorithm.rawValue),
                .text(m.list), .text(m.label), .of(m.category), .text(m.entry), .text(m.observed),
                .of(m.distance), .of(m.variant), .text(m.role.rawValue), .of(m.suppressedBy),
            ])
        }
    }

    /// Replaces just a row's verdict and matches, leaving what was fetched and hashed as stored:
    /// how a rescan records a re-match.
    public func updateVerdict(of result: RowResult) throws(StateError) {
        try batch.withLock { (batch) throws(StateError) in
            batch.pendingUpdates.append(result)
            if batch.pendingUpdates.count >= batchSize || Date().timeIntervalSince(batch.lastCommit) > 1 {
                try commit(&batch)
            }
        }
    }

    /// Adds to a row's history what a rescan (run `run`) found changed about it.
    public func recordChange(run: Int, row: Int, change: String, detail: String) throws(StateError) {
        try batch.withLock { (batch) throws(StateError) in
            batch.pendingChanges.append((run, row, change, detail))
            if batch.pendingChanges.count >= batchSize { try commit(&batch) }
        }
    }

    /// A row's history of changes, oldest first: (run, change, detail).
    public func changes(ofRow row: Int) throws(StateError) -> [(run: Int, change: String, detail: String)] {
        try flush()
        let select = try database.prepare("SELECT run, change, detail FROM changes WHERE row = ?1 ORDER BY rowid")
        select.bind([.integer(row)])
        var history: [(run: Int, change: String, detail: String)] = []
        while try select.step() { history.append((select.int(0), select.text(1) ?? "", select.text(2) ?? "")) }
        return history
    }

    /// Every stored verdict in row order, matches included. Streams: memory does not grow
    /// with the number of rows.
    public func forEachResult(_ body: (RowResult) throws -> Void) throws {
        let cursor = try results()
        while let result = try cursor.next() { try body(result) }
    }

    /// A cursor over the stored verdicts in row order, for callers that pull rows one at a time.
    public func results() throws(StateError) -> RowResultCursor {
        try flush()
        return try RowResultCursor(database: database, columns: .all)
    }

    /// Like `results()`, but each row carries only what matching needs (verdict, URL, digests,
    /// PDQ, matches): cheaper to read for a rescan that re-matches millions of rows.
    public func matchableResults() throws(StateError) -> RowResultCursor {
        try flush()
        return try RowResultCursor(database: database, columns: .matchable)
    }

    // MARK: - Aggregates

    /// The PDQ distance histogram and the `limit` largest entry groups of the quarantined rows.
    public func matchAggregates(limit: Int = 10) throws(StateError) -> MatchAggregates {
        try flush()
        var aggregates = MatchAggregates()
        let histogram = try database.prepare("""
            SELECT d, COUNT(*) FROM (
                SELECT MIN(m.distance) AS d FROM matches m JOIN rows r ON r.row = m.row
                WHERE r.verdict = 'quarantined' AND m.algorithm = 'pdq' AND m.distance IS NOT NULL GROUP BY m.row)
            GROUP BY d
            """)
        while try histogram.step() { aggregates.pdqDistances[histogram.int(0)] = histogram.int(1) }

        let sizes = try database.prepare("""
            SELECT COUNT(DISTINCT m.row) AS n FROM matches m JOIN rows r ON r.row = m.row
            WHERE r.verdict = 'quarantined' GROUP BY m.list, m.algorithm, m.entry ORDER BY n
            """)
        var counts: [Int] = []
        while try sizes.step() { counts.append(sizes.int(0)) }
        aggregates.entriesMatched = counts.count
        aggregates.medianRowsPerEntry = counts.isEmpty ? 0 : counts[counts.count / 2]

        let groups = try database.prepare("""
            SELECT m.list, m.algorithm, MIN(m.label), MIN(m.category), m.entry, COUNT(DISTINCT m.row),
                MIN(m.distance), MAX(m.distance)
            FROM matches m JOIN rows r ON r.row = m.row
            WHERE r.verdict = 'quarantined'
            GROUP BY m.list, m.algorithm, m.entry ORDER BY 6 DESC, m.list, m.entry LIMIT ?1
            """)
        groups.bind([.integer(limit)])
        while try groups.step() {
            var group = EntryGroup(
                list: groups.text(0) ?? "", algorithm: groups.text(1) ?? "", label: groups.text(2) ?? "",
                category: groups.text(3), entry: groups.text(4) ?? "", rows: groups.int(5),
                minDistance: groups.optionalInt(6), maxDistance: groups.optionalInt(7))
            group.isFlood = MatchAggregates.isFlood(rows: group.rows, median: aggregates.medianRowsPerEntry)
            aggregates.largestGroups.append(group)
        }
        return aggregates
    }

    // MARK: - Runs

    /// Records the start of a run and returns its id.
    public func beginRun(command: String, lists: String) throws(StateError) -> Int {
        try database.prepare("INSERT INTO runs (started_at, command, lists) VALUES (?1, ?2, ?3)")
            .run([.real(Date().timeIntervalSince1970), .text(command), .text(lists)])
        let last = try database.prepare("SELECT last_insert_rowid()")
        _ = try last.step()
        return last.int(0)
    }

    public func finishRun(_ id: Int, summary: String) throws(StateError) {
        try database.prepare("UPDATE runs SET finished_at = ?1, summary = ?2 WHERE id = ?3")
            .run([.real(Date().timeIntervalSince1970), .text(summary), .integer(id)])
    }

    /// Every recorded run, oldest first.
    public func runs() throws(StateError) -> [RunRecord] {
        let select = try database.prepare(
            "SELECT id, started_at, finished_at, command, lists, summary FROM runs ORDER BY id")
        var runs: [RunRecord] = []
        while try select.step() {
            runs.append(RunRecord(
                id: select.int(0), startedAt: select.double(1),
                finishedAt: select.isNull(2) ? nil : select.double(2), command: select.text(3) ?? "",
                lists: select.text(4) ?? "", summary: select.text(5)))
        }
        return runs
    }
}
