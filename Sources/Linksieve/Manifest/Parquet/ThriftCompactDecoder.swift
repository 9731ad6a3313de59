/// Reads the Thrift compact protocol, the encoding of Parquet's footer and page headers.
///
/// Every length and count is checked against the bytes that remain before anything is allocated,
/// and nesting is capped, so damaged metadata ends in a `ParquetFormatError`, never a crash.
struct ThriftCompactDecoder {
    enum FieldType: UInt8 {
        case stop = 0, boolTrue = 1, boolFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6,
            double = 7, binary = 8, list = 9, set = 10, map = 11, structure = 12
    }

    private static let maxDepth = 64

    let bytes: [UInt8]
    private(set) var position: Int
    let end: Int

    init(bytes: [UInt8], start: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        self.position = start
        self.end = end ?? bytes.count
    }

    var remaining: Int { end - position }

    mutating func readByte() throws(ParquetFormatError) -> UInt8 {
        guard position < end else { throw ParquetFormatError("Thrift metadata ends early at byte \(position)") }
        let byte = bytes[position]
        position += 1
        return byte
    }

    mutating func readVarint() throws(ParquetFormatError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte()
            result |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            guard shift < 64 else { throw ParquetFormatError("Thrift varint longer than 10 bytes at byte \(position)") }
        }
    }

    mutating func readZigZag() throws(ParquetFormatError) -> Int64 {
        let raw = try readVarint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    mutating func readI32() throws(ParquetFormatError) -> Int32 {
        let value = try readZigZag()
        guard let narrow = Int32(exactly: value) else { throw ParquetFormatError("Thrift i32 out of range: \(value)") }
        return narrow
    }

    mutating func readI64() throws(ParquetFormatError) -> Int64 { try readZigZag() }

    mutating func readDouble() throws(ParquetFormatError) -> Double {
        guard remaining >= 8 else { throw ParquetFormatError("Thrift double cut off at byte \(position)") }
        var bits: UInt64 = 0
        for i in 0..<8 { bits |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
        position += 8
        return Double(bitPattern: bits)
    }

    mutating func readBinary() throws(ParquetFormatError) -> [UInt8] {
        let length = try readVarint()
        guard length <= UInt64(remaining) else {
            throw ParquetFormatError("Thrift binary of \(length) bytes runs past the metadata end (\(remaining) left)")
        }
        let slice = Array(bytes[position..<position + Int(length)])
        position += Int(length)
        return slice
    }

    mutating func readString() throws(ParquetFormatError) -> String {
        String(decoding: try readBinary(), as: UTF8.self)
    }

    /// The next field of the current struct, or nil at its stop byte. `lastID` is the struct's
    /// running field id, since compact headers usually store only the delta.
    mutating func readFieldHeader(lastID: inout Int16) throws(ParquetFormatError) -> (id: Int16, type: FieldType)? {
        let byte = try readByte()
        guard let type = FieldType(rawValue: byte & 0x0f) else {
            throw ParquetFormatError("unknown Thrift field type \(byte & 0x0f) at byte \(position - 1)")
        }
        if type == .stop { return nil }
        let delta = Int16(byte >> 4)
        if delta != 0 {
            let (sum, overflow) = lastID.addingReportingOverflow(delta)
            guard !overflow else { throw ParquetFormatError("Thrift field id overflows at byte \(position - 1)") }
            lastID = sum
        } else {
            let id = try readZigZag()
            guard let narrow = Int16(exactly: id) else { throw ParquetFormatError("Thrift field id \(id) out of range") }
            lastID = narrow
        }
        return (lastID, type)
    }

    /// Header of a list or set: element count (checked against the bytes left) and element type.
    mutating func readListHeader() throws(ParquetFormatError) -> (count: Int, type: FieldType) {
        let byte = try readByte()
        var count = UInt64(byte >> 4)
        if count == 15 { count = try readVarint() }
        // An empty list's element type is never used; fastparquet writes 0 there.
        if count == 0 { return (0, FieldType(rawValue: byte & 0x0f) ?? .stop) }
        guard let type = FieldType(rawValue: byte & 0x0f), type != .stop else {
            throw ParquetFormatError("unknown Thrift list element type \(byte & 0x0f) at byte \(position - 1)")
        }
        // Every element takes at least one byte on the wire.
        guard count <= UInt64(remaining) else {
            throw ParquetFormatError("Thrift list of \(count) elements cannot fit in the \(remaining) bytes left")
        }
        return (Int(count), type)
    }

    func expect(_ actual: FieldType, _ wanted: FieldType, field: String) throws(ParquetFormatError) {
        let matches = actual == wanted || (wanted == .boolTrue && actual == .boolFalse)
        guard matches else { throw ParquetFormatError("Thrift field \(field) has type \(actual), expected \(wanted)") }
    }

    func bool(_ type: FieldType, field: String) throws(ParquetFormatError) -> Bool {
        try expect(type, .boolTrue, field: field)
        return type == .boolTrue
    }

    mutating func i32(_ type: FieldType, field: String) throws(ParquetFormatError) -> Int32 {
        try expect(type, .i32, field: field)
        return try readI32()
    }

    mutating func i64(_ type: FieldType, field: String) throws(ParquetFormatError) -> Int64 {
        try expect(type, .i64, field: field)
        return try readI64()
    }

    mutating func string(_ type: FieldType, field: String) throws(ParquetFormatError) -> String {
        try expect(type, .binary, field: field)
        return try readString()
    }

    mutating func binary(_ type: FieldType, field: String) throws(ParquetFormatError) -> [UInt8] {
        try expect(type, .binary, field: field)
        return try readBinary()
    }

    /// Reads a list field whose elements `element` decodes one at a time.
    mutating func list<T>(
        _ type: FieldType, field: String, of elementType: FieldType,
        _ element: (inout ThriftCompactDecoder) throws(ParquetFormatError) -> T
    ) throws(ParquetFormatError) -> [T] {
        try expect(type, .list, field: field)
        let header = try readListHeader()
        guard header.count == 0 || header.type == elementType
            || (elementType == .boolTrue && header.type == .boolFalse)
        else {
            throw ParquetFormatError("Thrift list \(field) holds \(header.type), expected \(elementType)")
        }
        var out = [T]()
        out.reserveCapacity(header.count)
        for _ in 0..<header.count { out.append(try element(&self)) }
        return out
    }

    /// Copies a whole struct value verbatim (so it can be written back byte for byte) and skips it.
    mutating func rawStruct(_ type: FieldType, field: String) throws(ParquetFormatError) -> [UInt8] {
        try expect(type, .structure, field: field)
        let start = position
        try skip(.structure)
        return Array(bytes[start..<position])
    }

    /// Skips a value of any type, so fields this reader does not know are passed over correctly.
    mutating func skip(_ type: FieldType, depth: Int = 0) throws(ParquetFormatError) {
        guard depth < Self.maxDepth else { throw ParquetFormatError("Thrift metadata nested deeper than \(Self.maxDepth)") }
        switch type {
        case .stop:
            throw ParquetFormatError("unexpected Thrift stop byte at \(position)")
        case .boolTrue, .boolFalse:
            return
        case .byte:
            _ = try readByte()
        case .i16, .i32, .i64:
            _ = try readVarint()
        case .double:
            _ = try readDouble()
        case .binary:
            let length = try readVarint()
            guard length <= UInt64(remaining) else { throw ParquetFormatError("Thrift binary runs past the metadata end") }
            position += Int(length)
        case .list, .set:
            let header = try readListHeader()
            for _ in 0..<header.count {
                // Booleans inside containers take a whole byte each.
                if header.type == .boolTrue || header.type == .boolFalse { _ = try readByte() } else { try skip(header.type, depth: depth + 1) }
            }
        case .map:
            let count = try readVarint()
            guard count <= UInt64(remaining) else { throw ParquetFormatError("Thrift map of \(count) entries cannot fit") }
            if count == 0 { return }
            let types = try readByte()
            guard let key = FieldType(rawValue: types >> 4), let value = FieldType(rawValue: types & 0x0f),
                key != .stop, value != .stop
            else { throw ParquetFormatError("bad Thrift map types at byte \(position - 1)") }
            for _ in 0..<count {
                for part in [key, value] {
                    if part == .boolTrue || part == .boolFalse { _ = try readByte() } else { try skip(part, depth: depth + 1) }
                }
            }
        case .structure:
            var lastID: Int16 = 0
            while let field = try readFieldHeader(lastID: &lastID) { try skip(field.type, depth: depth + 1) }
        }
    }
}
