/// Something that yields a manifest's rows in order, whatever the file format: the pipeline's
/// passes read text manifests and Parquet files through this one interface.
public protocol ManifestRecordSource: AnyObject {
    var path: String { get }
    var format: ManifestFormat { get }
    /// The next row, or nil at the end. Rows with a problem are returned too, with the problem as their URL.
    func next() throws -> ManifestRecord?
}

/// Opens a manifest with the reader its file name calls for.
public enum ManifestInput {
    public static func open(path: String, urlColumn: String? = nil) throws -> any ManifestRecordSource {
        if try ManifestFormat.detect(path: path).format == .parquet {
            return try ParquetManifestReader(path: path, urlColumn: urlColumn)
        }
        return try ManifestReader(path: path, urlColumn: urlColumn)
    }
}
