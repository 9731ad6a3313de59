/// One data row of a manifest: where it is, its exact bytes (so a kept row is written back unchanged) and its URL.
public struct ManifestRecord: Sendable {
    /// 0-based number of the data row (header and blank lines not counted).
    public let index: Int
    /// 1-based line on which the record starts (0 for Parquet, which has no lines).
    public let line: Int
    /// The record's bytes exactly as read, including its line terminator when it has one.
    public let raw: [UInt8]
    public let url: Result<String, ManifestRowProblem>

    public init(index: Int, line: Int, raw: [UInt8], url: Result<String, ManifestRowProblem>) {
        self.index = index
        self.line = line
        self.raw = raw
        self.url = url
    }
}
