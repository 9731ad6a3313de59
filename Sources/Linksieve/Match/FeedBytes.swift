/// A partner feed file (plain or gzip) read a byte at a time with one chunk behind it: the cursor
/// both feed readers (`JSONRecordStream`, `XMLStreamReader`) parse from, so memory stays at one
/// chunk whatever the file's size.
struct FeedBytes {
    private let path: String
    private let input: ZlibFileInput
    private var chunk: [UInt8] = []
    private var count = 0
    private var position = 0

    init(path: String, chunkSize: Int = ZlibFileInput.chunkSize) throws(HashListError) {
        self.path = path
        do {
            input = try ZlibFileInput(path: path, chunkSize: chunkSize)
        } catch {
            throw HashListError(error, path: path)
        }
    }

    /// The next byte, left in place; nil at the end of the file. `line` is where the reader is, for
    /// the error should the file fail to read.
    @inline(__always)
    mutating func peek(line: Int) throws(HashListError) -> UInt8? {
        if position == count, try !refill(line: line) { return nil }
        return chunk[position]
    }

    /// Moves past the byte `peek` returned.
    @inline(__always)
    mutating func advance() {
        position += 1
    }

    private mutating func refill(line: Int) throws(HashListError) -> Bool {
        // Drop our reference first, so the reader fills its buffer in place instead of copying it.
        chunk = []
        let more: Bool
        do {
            more = try input.readChunk(line: line)
        } catch {
            throw HashListError(error, path: path)
        }
        chunk = input.buffer
        count = more ? input.count : 0
        position = 0
        return more
    }
}
