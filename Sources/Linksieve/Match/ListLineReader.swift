#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hands out the lines of a plain or gzip list as byte slices of the read buffer, without allocating per
/// line: the line-per-entry formats hold millions of lines, and a String per line would dominate loading.
final class ListLineReader {
    /// A longer line is an error rather than unbounded memory.
    static let maxLineBytes = 1 << 20

    let path: String
    private let input: ZlibFileInput
    /// The start of a line that runs past the current chunk.
    private var carry: [UInt8] = []

    init(path: String) throws(HashListError) {
        self.path = path
        do {
            input = try ZlibFileInput(path: path)
        } catch {
            throw HashListError(error, path: path)
        }
    }

    /// Calls `body` with each line's 1-based number and its bytes, without the line end ("\n" or "\r\n")
    /// and without a UTF-8 byte-order mark at the start of the file. Stops early when `body` returns false.
    func forEachLine(
        _ body: (Int, UnsafeBufferPointer<UInt8>) throws(HashListError) -> Bool
    ) throws(HashListError) {
        var line = 1
        var atStart = true
        while true {
            let more: Bool
            do {
                more = try input.readChunk(line: line)
            } catch {
                throw HashListError(error, path: path)
            }
            guard more else { break }
            let keepGoing = try input.buffer.withUnsafeBufferPointer { (buffer) throws(HashListError) -> Bool in
                let base = buffer.baseAddress!
                let count = input.count
                var position = 0
                if atStart {
                    atStart = false
                    if count >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { position = 3 }
                }
                while position < count {
                    guard let found = memchr(base + position, 0x0A, count - position) else {
                        carry.append(contentsOf: UnsafeBufferPointer(start: base + position, count: count - position))
                        guard carry.count <= Self.maxLineBytes else {
                            throw .badEntry(path: path, line: line, message: "line longer than \(Self.maxLineBytes) bytes")
                        }
                        return true
                    }
                    let end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    let lineBytes = UnsafeBufferPointer(start: base + position, count: end - position)
                    position = end + 1
                    let goOn: Bool
                    if carry.isEmpty {
                        goOn = try body(line, Self.withoutReturn(lineBytes))
                    } else {
                        carry.append(contentsOf: lineBytes)
                        goOn = try carry.withUnsafeBufferPointer { (joined) throws(HashListError) -> Bool in
                            try body(line, Self.withoutReturn(joined))
                        }
                        carry.removeAll(keepingCapacity: true)
                    }
                    line += 1
                    if !goOn { return false }
                }
                return true
            }
            if !keepGoing { return }
        }
        if !carry.isEmpty {
            _ = try carry.withUnsafeBufferPointer { (last) throws(HashListError) -> Bool in
                try body(line, Self.withoutReturn(last))
            }
        }
    }

    private static func withoutReturn(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard let last = bytes.last, last == 0x0D else { return bytes }
        return UnsafeBufferPointer(rebasing: bytes.dropLast())
    }
}
