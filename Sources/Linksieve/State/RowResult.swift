import Foundation

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
        /// Left out of the cleansed manifest for a reason other than a match (its URL is gone, or its
        /// server opted out of AI use): it goes to excluded.jsonl.
        case excluded
    }

    /// The HTTP side of a fetch, when one was made.
    public struct Fetch: Sendable, Equatable {
        /// `ok`, or why not: `http-404`, `timeout`, `too-large`, `blocked-address`, …
        public var outcome: String
        public var httpStatus: Int?
        public var contentType: String?
        public var bytes: Int
        public var fetchedAt: Double
        /// Validators for conditional re-fetches (If-None-Match / If-Modified-Since).
        public var etag: String? = nil
        public var lastModified: String? = nil
        /// X-Robots-Tag directives of the final response (`noai`, `noimageai`, …), comma-joined.
        public var robots: String? = nil
        /// The URL the fetch ended at after redirects (for a refused redirect: the target, not requested).
        public var finalURL: String? = nil

        public init(
            outcome: String, httpStatus: Int?, contentType: String?, bytes: Int, fetchedAt: Double, etag: String? = nil,
            lastModified: String? = nil, robots: String? = nil, finalURL: String? = nil
        ) {
            self.outcome = outcome
            self.httpStatus = httpStatus
            self.contentType = contentType
            self.bytes = bytes
            self.fetchedAt = fetchedAt
            self.etag = etag
            self.lastModified = lastModified
            self.robots = robots
            self.finalURL = finalURL
        }

        /// Whether the server said the image is not to be used for AI (`noai` or `noimageai`).
        public var optedOut: Bool {
            RobotsTag.optsOut((robots ?? "").split(separator: ",").map(String.init))
        }
    }

    /// What the hash stage saw in a fetched body.
    public struct Content: Sendable, Equatable {
        public var digests: ContentDigests
        /// `hashed`, or why no perceptual hash: `not-an-image`, `unsupported-format` (`format` names
        /// it), `undecodable`, `too-large`.
        public var imageOutcome: String
        public var format: String?
        public var width: Int?
        public var height: Int?
        public var pdq: String?
        public var pdqQuality: Int?
        /// With `--pdq-dihedral`: the PDQ hashes of the 8 rotations and flips, as
        /// `variant:hex` pairs joined by commas in `PDQDihedral.allCases` order.
        public var pdqDihedral: String? = nil

        public init(
            digests: ContentDigests, imageOutcome: String, format: String? = nil, width: Int? = nil, height: Int? = nil,
            pdq: String? = nil, pdqQuality: Int? = nil, pdqDihedral: String? = nil
        ) {
            self.digests = digests
            self.imageOutcome = imageOutcome
            self.format = format
            self.width = width
            self.height = height
            self.pdq = pdq
            self.pdqQuality = pdqQuality
            self.pdqDihedral = pdqDihedral
        }

        /// The dihedral hashes by variant name (empty when not computed).
        public var dihedralHashes: [(variant: String, hash: PDQHash)] {
            (pdqDihedral ?? "").split(separator: ",").compactMap { pair in
                let parts = pair.split(separator: ":")
                guard parts.count == 2, let hash = PDQHash(hex: parts[1]) else { return nil }
                return (String(parts[0]), hash)
            }
        }
    }

    public var row: Int
    public var verdict: Verdict
    /// The URL as the manifest wrote it (nil when the row had none).
    public var url: String?
    /// The normalised URL, when the URL stage accepted it.
    public var normalizedURL: String?
    /// For rejected and excluded rows the machine reason (`malformed-row`, `invalid-url`, `gone`, …).
    public var reason: String?
    /// For rejected and excluded rows a human explanation.
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

extension RowResult.Content {
    /// What the hash stage made of a body, in the form the state database keeps.
    init(hashing hashed: HashedContent) {
        self.init(digests: hashed.digests, imageOutcome: "hashed")
        switch hashed.image {
        case .success(let image):
            format = image.format.rawValue
            width = image.width
            height = image.height
            pdq = image.pdq.hash.hex
            pdqQuality = image.pdq.quality
            if let variants = image.dihedral {
                pdqDihedral = PDQDihedral.allCases.compactMap { variant in
                    variants[variant].map { "\(variant.rawValue):\($0.hex)" }
                }.joined(separator: ",")
            }
        case .failure(let error):
            imageOutcome = error.reason
            // The format the bytes name although it is not decoded, so the summary can count rows by it.
            if case .unsupportedFormat(let other) = error { format = other.rawValue }
        }
    }
}

extension RowResult.Fetch {
    /// The fetch as the state database keeps it (the body itself is never kept).
    init(_ fetched: FetchResult, at time: Double = Date().timeIntervalSince1970) {
        self.init(
            outcome: fetched.outcome.reason, httpStatus: fetched.httpStatus, contentType: fetched.contentType,
            bytes: fetched.body.count, fetchedAt: time, etag: fetched.etag, lastModified: fetched.lastModified,
            robots: fetched.robotsDirectives.isEmpty ? nil : fetched.robotsDirectives.joined(separator: ","),
            finalURL: fetched.redirectRefusal?.target ?? fetched.effectiveURL)
    }
}
