/// The file layouts a hash list may have (Hashlists/README.md). The loader decides from the list's
/// first line that is not a comment, never from guesses about later lines.
public enum HashListFormat: String, Sendable, CaseIterable {
    /// CSV with a header naming `algorithm`, `value` and `label`: one entry of any algorithm per line.
    case native
    /// CSV with a header naming the hash column(s) (`md5`, `sha1`, …, or `hash`) and optional `label`, `category`.
    case csvTable = "csv-table"
    /// The same with tab-separated fields.
    case tsvTable = "tsv-table"
    /// One value per line: hex digests, URLs or domains of one algorithm.
    case lines
    /// One PDQ hash per line followed by its quality, as `hex,quality` or `hex quality`.
    case pdqQuality = "pdq-quality"
    /// NCMEC hash-sharing API v2 XML pages (`<queryResult>`), one file or a folder of pages.
    case ncmecXML = "ncmec-xml"
    /// StopNCII `FetchHashes` JSON pages (`hashRecords[]`), concatenated or one per file.
    case stopNCIIJSON = "stopncii-json"
    /// Tech Against Terrorism hash-list JSON (`results[]`).
    case tatJSON = "tat-json"
    /// python-threatexchange's local file: `<signal type> <value>` per line.
    case threatExchange = "threatexchange"

    /// Whether records of this format carry updates and deletions, applied in timestamp order.
    var isFeed: Bool {
        switch self {
        case .ncmecXML, .stopNCIIJSON, .tatJSON: return true
        default: return false
        }
    }
}
