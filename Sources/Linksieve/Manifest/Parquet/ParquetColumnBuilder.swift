/// Accumulates one column's values page by page while a chunk is decoded: decodes PLAIN,
/// dictionary-index and RLE-boolean value runs, takes byte arrays the DELTA encodings decoded,
/// and spreads them over the rows their definition levels mark as present.
struct ParquetColumnBuilder {
    let field: ParquetField
    private var booleans: [Bool] = []
    private var int32s: [Int32] = []
    private var int64s: [Int64] = []
    private var floats: [Float] = []
    private var doubles: [Double] = []
    private var bytes = ParquetByteArrays()
    private var validity: [Bool] = []
    private var sawNull = false

    /// The dictionary page's entries, once seen: a column of its own, without nulls.
    private var dictionary: ParquetValues?

    init(field: ParquetField, expectedRows: Int) {
        self.field = field
        switch field.physicalType {
        case .boolean: booleans.reserveCapacity(expectedRows)
        case .int32: int32s.reserveCapacity(expectedRows)
        case .int64: int64s.reserveCapacity(expectedRows)
        case .float: floats.reserveCapacity(expectedRows)
        case .double: doubles.reserveCapacity(expectedRows)
        case .int96, .byteArray, .fixedLenByteArray: bytes.reserve(values: expectedRows, bytes: 0)
        }
        if field.isNullable { validity.reserveCapacity(expectedRows) }
    }

    /// Rows appended so far.
    var count: Int {
        switch field.physicalType {
        case .boolean: return booleans.count
        case .int32: return int32s.count
        case .int64: return int64s.count
        case .float: return floats.count
        case .double: return doubles.count
        case .int96, .byteArray, .fixedLenByteArray: return bytes.count
        }
    }

    func build() -> ParquetColumn {
        let values: ParquetValues
        switch field.physicalType {
        case .boolean: values = .boolean(booleans)
        case .int32: values = .int32(int32s)
        case .int64: values = .int64(int64s)
        case .float: values = .float(floats)
        case .double: values = .double(doubles)
        case .int96, .byteArray, .fixedLenByteArray: values = .bytes(bytes)
        }
        return ParquetColumn(field: field, values: values, validity: sawNull ? validity : nil)
    }

    mutating func setDictionary(_ data: UnsafeRawBufferPointer, count: Int) throws(ParquetFormatError) {
        guard dictionary == nil else { throw ParquetFormatError("a second dictionary page in one column chunk") }
        var required = field
        required.element.repetition = ParquetRepetition.required.rawValue
        var entries = ParquetColumnBuilder(field: required, expectedRows: 0)
        try entries.appendPlain(data, count: count, present: nil)
        dictionary = entries.build().values
    }

    /// Records the page's definition levels (1 = present); returns how many values are present.
    mutating func appendLevels(_ levels: [UInt32]?, count: Int) throws(ParquetFormatError) -> Int {
        guard let levels else {
            if field.isNullable { validity.append(contentsOf: repeatElement(true, count: count)) }
            return count
        }
        var present = 0
        for level in levels {
            guard level <= 1 else { throw ParquetFormatError("definition level \(level) in a flat column") }
            present += Int(level)
        }
        if present < count { sawNull = true }
        validity.append(contentsOf: levels.lazy.map { $0 == 1 })
        return present
    }

    /// Decodes PLAIN values for the rows of `present` (all `count` rows when nil) and returns the bytes used.
    @discardableResult
    mutating func appendPlain(
        _ data: UnsafeRawBufferPointer, count: Int, present levels: [UInt32]?
    ) throws(ParquetFormatError) -> Int {
        let valueCount = levels.map { $0.reduce(0) { $0 + Int($1) } } ?? count
        switch field.physicalType {
        case .boolean:
            guard valueCount <= data.count * 8 else { throw ParquetFormatError("boolean values run past the page end") }
            var next = 0
            Self.appendSpread(&booleans, levels: levels, count: count, zero: false) {
                defer { next += 1 }
                return data[next >> 3] >> UInt8(next & 7) & 1 == 1
            }
            return (valueCount + 7) / 8
        case .int32: return try Self.appendFixed(&int32s, data, valueCount: valueCount, levels: levels, count: count, zero: 0)
        case .int64: return try Self.appendFixed(&int64s, data, valueCount: valueCount, levels: levels, count: count, zero: 0)
        case .float: return try Self.appendFixed(&floats, data, valueCount: valueCount, levels: levels, count: count, zero: 0)
        case .double: return try Self.appendFixed(&doubles, data, valueCount: valueCount, levels: levels, count: count, zero: 0)
        case .int96, .fixedLenByteArray:
            let width = field.typeLength ?? 0
            guard valueCount * width <= data.count else {
                throw ParquetFormatError("\(valueCount) values of \(width) bytes run past the page end")
            }
            bytes.reserve(values: count, bytes: valueCount * width)
            var at = 0
            Self.forEachRow(levels: levels, count: count) { isPresent in
                if isPresent {
                    bytes.append(UnsafeRawBufferPointer(rebasing: data[at..<at + width]))
                    at += width
                } else {
                    bytes.appendEmpty()
                }
            }
            return at
        case .byteArray:
            bytes.reserve(values: count, bytes: data.count)
            var at = 0
            var failure: ParquetFormatError?
            Self.forEachRow(levels: levels, count: count) { isPresent in
                guard failure == nil else { return }
                guard isPresent else { return bytes.appendEmpty() }
                guard data.count - at >= 4 else {
                    failure = ParquetFormatError("byte array length cut off at page byte \(at)")
                    return
                }
                let length = Int(data.loadUnaligned(fromByteOffset: at, as: UInt32.self).littleEndian)
                at += 4
                guard length <= data.count - at else {
                    failure = ParquetFormatError("byte array of \(length) bytes runs past the page end")
                    return
                }
                bytes.append(UnsafeRawBufferPointer(rebasing: data[at..<at + length]))
                at += length
            }
            if let failure { throw failure }
            return at
        }
    }

    /// Appends dictionary entries by index for the rows of `present` (all `count` rows when nil).
    mutating func appendDictionaryIndices(
        _ indices: [UInt32], present levels: [UInt32]?, count: Int
    ) throws(ParquetFormatError) {
        guard let dictionary else { throw ParquetFormatError("dictionary-encoded page without a dictionary page") }
        let size = dictionary.count
        for index in indices where Int(index) >= size {
            throw ParquetFormatError("dictionary index \(index) outside a dictionary of \(size) entries")
        }
        var next = 0
        switch dictionary {
        case .boolean(let d):
            Self.appendSpread(&booleans, levels: levels, count: count, zero: false) {
                defer { next += 1 }
                return d[Int(indices[next])]
            }
        case .int32(let d):
            Self.appendSpread(&int32s, levels: levels, count: count, zero: 0) {
                defer { next += 1 }
                return d[Int(indices[next])]
            }
        case .int64(let d):
            Self.appendSpread(&int64s, levels: levels, count: count, zero: 0) {
                defer { next += 1 }
                return d[Int(indices[next])]
            }
        case .float(let d):
            Self.appendSpread(&floats, levels: levels, count: count, zero: 0) {
                defer { next += 1 }
                return d[Int(indices[next])]
            }
        case .double(let d):
            Self.appendSpread(&doubles, levels: levels, count: count, zero: 0) {
                defer { next += 1 }
                return d[Int(indices[next])]
            }
        case .bytes(let d):
            var total = 0
            for index in indices { total += d.length(at: Int(index)) }
            bytes.reserve(values: count, bytes: total)
            d.data.withUnsafeBytes { source in
                Self.forEachRow(levels: levels, count: count) { isPresent in
                    guard isPresent else { return bytes.appendEmpty() }
                    let index = Int(indices[next])
                    next += 1
                    bytes.append(UnsafeRawBufferPointer(rebasing: source[d.offsets[index]..<d.offsets[index + 1]]))
                }
            }
        }
    }

    /// Appends byte arrays decoded into one dense list (one per present row) for the rows of
    /// `present`; a FIXED_LEN_BYTE_ARRAY column checks every value's width.
    mutating func appendDense(
        _ dense: ParquetByteArrays, present levels: [UInt32]?, count: Int
    ) throws(ParquetFormatError) {
        if let width = field.typeLength {
            for i in 0..<dense.count where dense.length(at: i) != width {
                throw ParquetFormatError("value of \(dense.length(at: i)) bytes in a column of \(width)-byte values")
            }
        }
        bytes.reserve(values: count, bytes: dense.data.count)
        var next = 0
        dense.data.withUnsafeBytes { source in
            Self.forEachRow(levels: levels, count: count) { isPresent in
                guard isPresent else { return bytes.appendEmpty() }
                bytes.append(UnsafeRawBufferPointer(rebasing: source[dense.offsets[next]..<dense.offsets[next + 1]]))
                next += 1
            }
        }
    }

    /// Appends RLE-encoded booleans (already expanded to 0/1) for the rows of `present`.
    mutating func appendBooleans(_ bits: [UInt32], present levels: [UInt32]?, count: Int) {
        var next = 0
        Self.appendSpread(&booleans, levels: levels, count: count, zero: false) {
            defer { next += 1 }
            return bits[next] == 1
        }
    }

    private static func appendFixed<T: BitwiseCopyable>(
        _ out: inout [T], _ data: UnsafeRawBufferPointer, valueCount: Int, levels: [UInt32]?, count: Int, zero: T
    ) throws(ParquetFormatError) -> Int {
        let width = MemoryLayout<T>.size
        guard valueCount <= data.count / width else {
            throw ParquetFormatError("\(valueCount) values of \(width) bytes run past the page end")
        }
        if levels == nil || valueCount == count {
            let copied = [T](unsafeUninitializedCapacity: valueCount) { buffer, initialized in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: data[0..<valueCount * width]))
                initialized = valueCount
            }
            out.append(contentsOf: copied)
        } else {
            var next = 0
            Self.appendSpread(&out, levels: levels, count: count, zero: zero) {
                defer { next += 1 }
                return data.loadUnaligned(fromByteOffset: next * width, as: T.self)
            }
        }
        return valueCount * width
    }

    private static func forEachRow(levels: [UInt32]?, count: Int, _ body: (Bool) -> Void) {
        if let levels {
            for level in levels { body(level == 1) }
        } else {
            for _ in 0..<count { body(true) }
        }
    }

    private static func appendSpread<T>(
        _ out: inout [T], levels: [UInt32]?, count: Int, zero: T, _ nextValue: () -> T
    ) {
        out.reserveCapacity(out.count + count)
        if let levels {
            for level in levels { out.append(level == 1 ? nextValue() : zero) }
        } else {
            for _ in 0..<count { out.append(nextValue()) }
        }
    }
}
