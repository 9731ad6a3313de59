#if canImport(Glibc)
public import Glibc
#elseif canImport(Darwin)
public import Darwin
#endif

/// Writes manifest records back byte for byte (plain or gzip), so a cleansed manifest has the input's
/// format, columns and row bytes, minus the rows left out.
public final class ManifestWriter {
    public let path: String
    public let format: ManifestFormat
    private let output: ZlibFileOutput
    /// Written before a record that follows one without a terminator (an input's unterminated last line).
    private let terminator: [UInt8]
    private var lastRecordUnterminated = false
    private var isClosed = false

    /// Creates `path` afresh (an existing file or symlink there is replaced, never written through) and
    /// writes `header`; the mode is `permissions` (default 0666) narrowed by the umask.
    public init(path: String, format: ManifestFormat, gzip: Bool, header: [UInt8]?, permissions: mode_t? = nil)
        throws(ManifestError)
    {
        precondition(format != .jsonl || header == nil, "JSON-lines manifests have no header")
        self.path = path
        self.format = format
        terminator = header.map { $0.suffix(2).elementsEqual([0x0D, 0x0A]) ? [0x0D, 0x0A] : [0x0A] } ?? [0x0A]
        output = try ZlibFileOutput(path: path, gzip: gzip, permissions: permissions)
        if let header { try write(header) }
    }

    /// Appends one record's bytes unchanged.
    public func write(_ raw: [UInt8]) throws(ManifestError) {
        guard !isClosed else { throw .writeFailed(path: path, reason: "the writer is closed") }
        guard !raw.isEmpty else { return }
        if lastRecordUnterminated { try output.write(terminator) }
        try output.write(raw)
        lastRecordUnterminated = raw.last != 0x0A
    }

    /// Flushes, closes and syncs the file to disk; writing afterwards is an error.
    public func close() throws(ManifestError) {
        isClosed = true
        try output.finish()
    }
}
