/// `withUnsafeBytes` for byte arrays with a typed-throwing body: the standard library's version
/// rethrows untyped errors, which the decoders' `throws(ParquetFormatError)` cannot pass on.
extension Array where Element == UInt8 {
    func withParquetBytes<R>(
        _ body: (UnsafeRawBufferPointer) throws(ParquetFormatError) -> R
    ) throws(ParquetFormatError) -> R {
        var result: Result<R, ParquetFormatError>?
        withUnsafeBytes { raw in
            result = Result { () throws(ParquetFormatError) -> R in try body(raw) }
        }
        return try result!.get()
    }
}
