/// The manifest layouts linksieve reads and writes back; the text ones may be gzip-compressed.
public enum ManifestFormat: String, Sendable {
    case csv
    case tsv
    case jsonl
    /// Compressed inside (page codecs), so never `.gz` outside.
    case parquet

    /// The format and compression a file name declares: `.csv`, `.tsv` or `.jsonl`, optionally followed by `.gz`,
    /// or `.parquet`.
    public static func detect(path: String) throws(ManifestError) -> (format: ManifestFormat, isGzipped: Bool) {
        var name = Substring(path.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
        let isGzipped = name.lowercased().hasSuffix(".gz")
        if isGzipped { name = name.dropLast(3) }
        guard let dot = name.lastIndex(of: "."), let format = ManifestFormat(rawValue: name[name.index(after: dot)...].lowercased())
        else { throw .unknownFormat(path: path) }
        if format == .parquet && isGzipped { throw .unknownFormat(path: path) }
        return (format, isGzipped)
    }
}
