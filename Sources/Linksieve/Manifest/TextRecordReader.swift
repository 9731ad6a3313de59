#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Cuts a byte stream into records (CSV per RFC 4180, tab-separated, or plain lines) and finds field
/// boundaries, keeping every record's exact bytes. Shared by manifests and hash lists.
final class TextRecordReader {
    enum Syntax {
        /// RFC 4180: quoted fields may hold commas, doubled quotes and line breaks.
        case csv
        /// Tab-separated, no quoting.
        case tsv
        /// One record per line, no fields.
        case lines
    }

    /// Where one field's content lies in `RawRecord.bytes`; quotes of a quoted field excluded.
    struct FieldSpan {
        var start: Int
        var end: Int
        var isQuoted = false
    }

    struct RawRecord {
        /// The exact bytes, including a leading byte-order mark and the line terminator.
        var bytes: [UInt8] = []
        /// 1-based line on which the record starts.
        var line: Int
        /// Where the content starts: 3 after a UTF-8 byte-order mark, otherwise 0.
        var contentStart = 0
        /// Where the content ends: before "\n" or "\r\n".
        var contentEnd = 0
        var fields: [FieldSpan] = []
        /// The first syntax problem (CSV quoting), if any.
        var problem: String?
        var isComment = false

        var isBlank: Bool { contentEnd == contentStart }

        /// The field's text with CSV quoting undone; nil if it is not valid UTF-8.
        func text(of field: FieldSpan) -> String? {
            var slice = Array(bytes[field.start..<field.end])
            if field.isQuoted, slice.contains(quote) {
                var unescaped = [UInt8]()
                unescaped.reserveCapacity(slice.count)
                var i = 0
                while i < slice.count {
                    unescaped.append(slice[i])
                    i += slice[i] == quote && i + 1 < slice.count && slice[i + 1] == quote ? 2 : 1
                }
                slice = unescaped
            }
            return String(validating: slice, as: UTF8.self)
        }
    }

    /// A record longer than this is an error, not a reason to use unbounded memory.
    static let maxRecordBytes = 64 << 20

    let path: String
    private let input: ZlibFileInput
    private let syntax: Syntax
    private let commentPrefix: UInt8?
    private var position = 0
    private var nextLine = 1
    private var atStartOfFile = true

    init(input: ZlibFileInput, syntax: Syntax, commentPrefix: UInt8? = nil) {
        self.input = input
        self.path = input.path
        self.syntax = syntax
        self.commentPrefix = commentPrefix
    }

    /// The next record, blank lines included; nil at the end of the input.
    func next() throws(ManifestError) -> RawRecord? {
        var record = RawRecord(line: nextLine)
        var csv = CSVScanner()
        var decided = false
        var isPlainLine = syntax != .csv
        var terminated = false

        while !terminated {
            if position == input.count {
                position = 0
                guard try input.readChunk(line: nextLine) else { break }
                if atStartOfFile {
                    atStartOfFile = false
                    if input.count >= 3, input.buffer[0] == 0xEF, input.buffer[1] == 0xBB, input.buffer[2] == 0xBF {
                        record.bytes.append(contentsOf: input.buffer[0..<3])
                        record.contentStart = 3
                        position = 3
                        if position == input.count { continue }
                    }
                }
            }
            if !decided {
                decided = true
                if let commentPrefix, input.buffer[position] == commentPrefix {
                    record.isComment = true
                    isPlainLine = true
                }
            }
            let start = position
            let base = record.bytes.count - start
            let end: Int = input.buffer.withUnsafeBufferPointer { buffer in
                let chunk = UnsafeBufferPointer(rebasing: buffer[0..<input.count])
                if isPlainLine {
                    let found = memchr(chunk.baseAddress! + start, Int32(lineFeed), chunk.count - start)
                    guard let found else { return chunk.count }
                    terminated = true
                    return chunk.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                }
                guard let after = csv.scan(chunk, from: start, offsetBase: base) else { return chunk.count }
                terminated = true
                return after
            }
            record.bytes.append(contentsOf: input.buffer[start..<end])
            position = end
            if record.bytes.count > Self.maxRecordBytes {
                throw .recordTooLong(path: path, line: record.line, limit: Self.maxRecordBytes)
            }
        }
        guard record.bytes.count > record.contentStart || terminated else { return nil }

        record.contentEnd = record.bytes.count
        if terminated {
            record.contentEnd -= 1
            if record.contentEnd > record.contentStart, record.bytes[record.contentEnd - 1] == carriageReturn {
                record.contentEnd -= 1
            }
        }
        if !record.isComment {
            switch syntax {
            case .csv:
                if !terminated { csv.finish(at: record.bytes.count) }
                record.fields = csv.fields
                record.problem = csv.problem
                // An unquoted last field ends before the terminator's carriage return.
                if var last = record.fields.last, !last.isQuoted, last.end > record.contentEnd {
                    last.end = record.contentEnd
                    record.fields[record.fields.count - 1] = last
                }
            case .tsv:
                var start = record.contentStart
                for i in record.contentStart..<record.contentEnd where record.bytes[i] == tab {
                    record.fields.append(FieldSpan(start: start, end: i))
                    start = i + 1
                }
                record.fields.append(FieldSpan(start: start, end: record.contentEnd))
            case .lines:
                break
            }
        }
        for byte in record.bytes where byte == lineFeed { nextLine += 1 }
        return record
    }
}

private let quote = UInt8(ascii: "\"")
private let comma = UInt8(ascii: ",")
private let tab = UInt8(ascii: "\t")
private let lineFeed = UInt8(ascii: "\n")
private let carriageReturn = UInt8(ascii: "\r")

/// The RFC 4180 state machine; it survives chunk boundaries, so a record may span chunks.
private struct CSVScanner {
    private enum State {
        case fieldStart
        case unquoted
        case quoted
        /// Just saw a quote inside a quoted field: either an escaped quote or the closing one.
        case quoteInQuoted
        /// A carriage return after a closing quote: only a line feed may follow.
        case returnAfterQuote
    }

    private var state = State.fieldStart
    private var fieldStart = 0
    private var closingQuote = 0
    private(set) var fields: [TextRecordReader.FieldSpan] = []
    private(set) var problem: String?

    /// Scans `chunk[from...]`; returns the index just past the record's line feed, or nil if the record goes on.
    /// `offsetBase + index` is a byte's offset within the record.
    mutating func scan(_ chunk: UnsafeBufferPointer<UInt8>, from: Int, offsetBase: Int) -> Int? {
        var i = from
        while i < chunk.count {
            let byte = chunk[i]
            let offset = offsetBase + i
            switch state {
            case .fieldStart:
                if byte == quote {
                    state = .quoted
                    fieldStart = offset + 1
                } else if byte == comma {
                    fields.append(.init(start: offset, end: offset))
                } else if byte == lineFeed {
                    fields.append(.init(start: offset, end: offset))
                    return i + 1
                } else {
                    state = .unquoted
                    fieldStart = offset
                }
            case .unquoted:
                if byte == comma {
                    fields.append(.init(start: fieldStart, end: offset))
                    state = .fieldStart
                } else if byte == lineFeed {
                    fields.append(.init(start: fieldStart, end: offset))
                    return i + 1
                } else if byte == quote {
                    note("quote inside unquoted field \(fields.count + 1)")
                }
            case .quoted:
                if byte == quote {
                    state = .quoteInQuoted
                    closingQuote = offset
                }
            case .quoteInQuoted:
                if byte == quote {
                    state = .quoted
                } else if byte == comma {
                    fields.append(.init(start: fieldStart, end: closingQuote, isQuoted: true))
                    state = .fieldStart
                } else if byte == lineFeed {
                    fields.append(.init(start: fieldStart, end: closingQuote, isQuoted: true))
                    return i + 1
                } else if byte == carriageReturn {
                    state = .returnAfterQuote
                } else {
                    note("unexpected character after the closing quote of field \(fields.count + 1)")
                    state = .unquoted
                }
            case .returnAfterQuote:
                if byte == lineFeed {
                    fields.append(.init(start: fieldStart, end: closingQuote, isQuoted: true))
                    return i + 1
                }
                note("unexpected character after the closing quote of field \(fields.count + 1)")
                state = .unquoted
            }
            i += 1
        }
        return nil
    }

    /// Closes the last field of a record that ends with the input, without a line terminator.
    mutating func finish(at end: Int) {
        switch state {
        case .fieldStart:
            fields.append(.init(start: end, end: end))
        case .unquoted:
            fields.append(.init(start: fieldStart, end: end))
        case .quoted:
            note("quoted field \(fields.count + 1) is not closed before the end of the file")
            fields.append(.init(start: fieldStart, end: end))
        case .quoteInQuoted, .returnAfterQuote:
            fields.append(.init(start: fieldStart, end: closingQuote, isQuoted: true))
        }
    }

    private mutating func note(_ message: String) {
        if problem == nil { problem = message }
    }
}
