/// What became of one manifest row: the verdict, why, and what was observed on the way.
///
/// This is the unit the state database stores, so a rerun can skip the row and a rescan can
/// re-match its hashes without fetching it again.
public struct RowResult: Sendable, Equatable {
    public enum Verdict: String, Sendable, Codable {
        /// Nothing matched: the row stays in the cleansed manifest (fetch failures included).
        case kept
        /// A list entry matched: the row goes to the quarantine report.
        case quarantined
        /// The row could not be read or its URL is unusable: it goes to rejected.jsonl.
        case rejected
    }

    /// The HTTP side of a fetch, when one was made.
    public struct Fetch: Sendable, Equatable {
        /// `ok`, or why not: `http-404`, `timeout`, `too-large`, `blocked-address`, …
        public var outcome: String
        public var httpStatus: Int?
        public var contentType: String?
        public var bytes: Int
        public var fetchedAt: Double
    }

    /// What the hash stage saw in a fetched body.
    public struct Content: Sendable, Equatable {
        public var digests: ContentDigests
        /// `hashed`, or why no perceptual hash: `not-an-image`, `undecodable`, `too-large`.
        public var imageOutcome: String
        public var format: String?
        public var width: Int?
        public var height: Int?
        public var pdq: String?
        public var pdqQuality: Int?
    }

    public var row: Int
    public var verdict: Verdict
    /// The URL as the manifest wrote it (nil when the row had none).
    public var url: String?
    /// The normalised URL, when the URL stage accepted it.
    public var normalizedURL: String?
    /// For rejected rows the machine reason (`malformed-row`, `invalid-url`, …).
    public var reason: String?
    /// For rejected rows a human explanation.
    public var detail: String?
    public var fetch: Fetch?
    public var content: Content?
    public var matches: [Match]

    public init(
        row: Int, verdict: Verdict, url: String? = nil, normalizedURL: String? = nil,
        reason: String? = nil, detail: String? = nil, fetch: Fetch? = nil, content: Content? = nil,
        matches: [Match] = []
    ) {
        self.row = row
        self.verdict = verdict
        self.url = url
        self.normalizedURL = normalizedURL
        self.reason = reason
        self.detail = detail
        self.fetch = fetch
        self.content = content
        self.matches = matches
    }
}
