/// Writes the Thrift compact protocol for the footer and page headers `ParquetWriter` emits.
struct ThriftCompactEncoder {
    typealias FieldType = ThriftCompactDecoder.FieldType

    private(set) var bytes: [UInt8] = []
    private var lastIDs: [Int16] = [0]

    init() {}

    mutating func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7f) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func writeZigZag(_ value: Int64) {
        writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    private mutating func fieldHeader(_ id: Int16, _ type: FieldType) {
        let last = lastIDs[lastIDs.count - 1]
        let delta = Int(id) - Int(last)
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            writeZigZag(Int64(id))
        }
        lastIDs[lastIDs.count - 1] = id
    }

    mutating func field(_ id: Int16, i32 value: Int32) {
        fieldHeader(id, .i32)
        writeZigZag(Int64(value))
    }

    mutating func field(_ id: Int16, i64 value: Int64) {
        fieldHeader(id, .i64)
        writeZigZag(value)
    }

    mutating func field(_ id: Int16, bool value: Bool) {
        fieldHeader(id, value ? .boolTrue : .boolFalse)
    }

    mutating func field(_ id: Int16, binary value: [UInt8]) {
        fieldHeader(id, .binary)
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    mutating func field(_ id: Int16, string value: String) {
        field(id, binary: Array(value.utf8))
    }

    /// A struct field whose body was kept verbatim from a decoded file (it includes its stop byte).
    mutating func field(_ id: Int16, rawStruct body: [UInt8]) {
        fieldHeader(id, .structure)
        bytes.append(contentsOf: body)
    }

    /// Opens a struct-valued field; `body` writes its fields, the stop byte follows.
    mutating func field(_ id: Int16, structure body: (inout ThriftCompactEncoder) -> Void) {
        fieldHeader(id, .structure)
        writeStruct(body)
    }

    /// Writes a struct at the current position (top level, or a list element).
    mutating func writeStruct(_ body: (inout ThriftCompactEncoder) -> Void) {
        lastIDs.append(0)
        body(&self)
        bytes.append(FieldType.stop.rawValue)
        lastIDs.removeLast()
    }

    mutating func field(_ id: Int16, listOf type: FieldType, count: Int, elements: (inout ThriftCompactEncoder) -> Void) {
        fieldHeader(id, .list)
        if count < 15 {
            bytes.append(UInt8(count) << 4 | type.rawValue)
        } else {
            bytes.append(0xf0 | type.rawValue)
            writeVarint(UInt64(count))
        }
        elements(&self)
    }

    mutating func field(_ id: Int16, i32List values: [Int32]) {
        field(id, listOf: .i32, count: values.count) { e in for v in values { e.writeZigZag(Int64(v)) } }
    }

    mutating func field(_ id: Int16, stringList values: [String]) {
        field(id, listOf: .binary, count: values.count) { e in
            for v in values {
                let utf8 = Array(v.utf8)
                e.writeVarint(UInt64(utf8.count))
                e.bytes.append(contentsOf: utf8)
            }
        }
    }
}
