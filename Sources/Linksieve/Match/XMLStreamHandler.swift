/// What `XMLStreamReader` reports as it reads: element starts and ends and the text between them.
/// Names and text are views into the reader's buffers, valid only during the call, so reading a page
/// allocates nothing per element; a handler copies what it keeps. Names come without a namespace
/// prefix. `line` is the line the tag (or the text) starts on.
protocol XMLStreamHandler {
    mutating func startElement(
        _ name: UnsafeBufferPointer<UInt8>, attributes: XMLAttributes, line: Int
    ) throws(HashListError)

    mutating func endElement(_ name: UnsafeBufferPointer<UInt8>, line: Int) throws(HashListError)

    /// Character data with entity and character references resolved and CDATA sections included; one
    /// call per run of text between two tags (comments and processing instructions do not split it).
    mutating func text(_ text: UnsafeBufferPointer<UInt8>, line: Int) throws(HashListError)
}
