/// A column chunk's statistics (Thrift `Statistics`): null count, and the minimum and maximum in
/// the column's type-defined order, PLAIN-encoded, so readers can skip row groups by value.
struct ParquetStatistics: Sendable, Equatable {
    var nullCount: Int64
    var min: [UInt8]?
    var max: [UInt8]?

    /// Values longer than this get no min/max, as parquet-cpp's default `max_statistics_size`.
    static let maxValueSize = 4096

    /// The statistics of `column`, or min/max left out where the type's order is not plain
    /// signed, unsigned-bytes or IEEE (INT96, unsigned integers, decimals in bytes, NaN-only floats).
    static func of(_ column: ParquetColumn) -> ParquetStatistics {
        let nulls = column.validity.map { Int64($0.lazy.filter { !$0 }.count) } ?? 0
        var stats = ParquetStatistics(nullCount: nulls)
        let field = column.field
        let present = (0..<column.count).lazy.filter { !column.isNull($0) }
        switch column.values {
        case .boolean(let v):
            var seen = Set<Bool>()
            for i in present { seen.insert(v[i]) }
            if !seen.isEmpty { stats.set(min: [seen.contains(false) ? 0 : 1], max: [seen.contains(true) ? 1 : 0]) }
        case .int32(let v) where field.hasSignedIntegerOrder:
            if let low = present.map({ v[$0] }).min(), let high = present.map({ v[$0] }).max() {
                stats.set(min: bytes(of: low.littleEndian), max: bytes(of: high.littleEndian))
            }
        case .int64(let v) where field.hasSignedIntegerOrder:
            if let low = present.map({ v[$0] }).min(), let high = present.map({ v[$0] }).max() {
                stats.set(min: bytes(of: low.littleEndian), max: bytes(of: high.littleEndian))
            }
        case .float(let v):
            let numbers = present.map { v[$0] }.filter { !$0.isNaN }
            if let low = numbers.min(), let high = numbers.max() {
                // The spec writes a zero minimum as -0.0 and a zero maximum as +0.0.
                let lowest: Float = low == 0 ? -0.0 : low, highest: Float = high == 0 ? 0.0 : high
                stats.set(min: bytes(of: lowest.bitPattern.littleEndian), max: bytes(of: highest.bitPattern.littleEndian))
            }
        case .double(let v):
            let numbers = present.map { v[$0] }.filter { !$0.isNaN }
            if let low = numbers.min(), let high = numbers.max() {
                let lowest: Double = low == 0 ? -0.0 : low, highest: Double = high == 0 ? 0.0 : high
                stats.set(min: bytes(of: lowest.bitPattern.littleEndian), max: bytes(of: highest.bitPattern.littleEndian))
            }
        case .bytes(let v) where field.physicalType == .byteArray && field.hasUnsignedByteOrder:
            var low: ArraySlice<UInt8>?, high: ArraySlice<UInt8>?
            for i in present {
                let value = v[i]
                if low == nil || value.lexicographicallyPrecedes(low!) { low = value }
                if high == nil || high!.lexicographicallyPrecedes(value) { high = value }
            }
            if let low, let high, low.count <= maxValueSize, high.count <= maxValueSize {
                stats.set(min: Array(low), max: Array(high))
            }
        default:
            break
        }
        return stats
    }

    private mutating func set(min: [UInt8], max: [UInt8]) {
        self.min = min
        self.max = max
    }

    private static func bytes<T: BitwiseCopyable>(of value: T) -> [UInt8] {
        withUnsafeBytes(of: value) { Array($0) }
    }

    /// The struct's fields, for the caller's `field(12) { … }` to wrap.
    func encodeFields(_ e: inout ThriftCompactEncoder) {
        e.field(3, i64: nullCount)
        if let max { e.field(5, binary: max) }
        if let min { e.field(6, binary: min) }
    }
}

extension ParquetField {
    /// INT32/INT64 compared as signed: not the unsigned converted types UINT_8…UINT_64, nor an
    /// INTEGER logical type without a converted type to say it is signed. Dates, times,
    /// timestamps and decimals in integers are signed.
    var hasSignedIntegerOrder: Bool {
        if let converted = element.convertedType { return !(11...14).contains(converted) }
        // A LogicalType union's first field header: field id delta in the high nibble; INTEGER is 10.
        return element.logicalType.map { $0.first.map { $0 >> 4 } != 10 } ?? true
    }

    /// BYTE_ARRAY compared as unsigned bytes: strings, enums, JSON, BSON and plain binary, not decimals.
    var hasUnsignedByteOrder: Bool {
        if let converted = element.convertedType { return [0, 4, 19, 20].contains(converted) }
        return element.logicalType == nil || isString
    }
}
