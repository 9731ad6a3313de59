/// The attributes of one start tag as `XMLStreamReader` read them (references resolved), looked up by
/// name without building a dictionary per element. A view valid only during `startElement`.
struct XMLAttributes {
    /// Where one attribute's name and value sit in `bytes`.
    struct Span {
        let name: Range<Int>
        let value: Range<Int>
    }

    let bytes: UnsafeBufferPointer<UInt8>
    let spans: UnsafeBufferPointer<Span>

    var count: Int { spans.count }

    /// The value of the attribute called `name` (compared as written, prefix included), or nil.
    func value(_ name: StaticString) -> UnsafeBufferPointer<UInt8>? {
        let wanted = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        for span in spans where XMLStreamReader.equal(UnsafeBufferPointer(rebasing: bytes[span.name]), wanted) {
            return UnsafeBufferPointer(rebasing: bytes[span.value])
        }
        return nil
    }

    /// The attribute called `name` as a String, or nil.
    func string(_ name: StaticString) -> String? {
        value(name).map { String(decoding: $0, as: UTF8.self) }
    }
}
