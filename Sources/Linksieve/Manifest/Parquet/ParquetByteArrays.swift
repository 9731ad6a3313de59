/// Variable-length byte strings stored back to back, Arrow style: one buffer plus offsets,
/// so a row group of URLs and captions costs two allocations instead of one per value.
public struct ParquetByteArrays: Sendable, Equatable {
    public private(set) var data: [UInt8]
    /// `offsets[i]..<offsets[i + 1]` is value i; there is one more offset than values.
    public private(set) var offsets: [Int]

    public init() {
        data = []
        offsets = [0]
    }

    public init<S: Sequence>(_ values: S) where S.Element == [UInt8] {
        self.init()
        for value in values { append(value) }
    }

    init(data: [UInt8], offsets: [Int]) {
        self.data = data
        self.offsets = offsets
    }

    public var count: Int { offsets.count - 1 }

    public subscript(index: Int) -> ArraySlice<UInt8> { data[offsets[index]..<offsets[index + 1]] }

    public func length(at index: Int) -> Int { offsets[index + 1] - offsets[index] }

    public mutating func append<C: Collection>(_ value: C) where C.Element == UInt8 {
        data.append(contentsOf: value)
        offsets.append(data.count)
    }

    /// An empty slot, used for a null row.
    mutating func appendEmpty() { offsets.append(data.count) }

    mutating func reserve(values: Int, bytes: Int) {
        offsets.reserveCapacity(offsets.count + values)
        data.reserveCapacity(data.count + bytes)
    }

    /// Value i decoded as UTF-8 (invalid sequences become U+FFFD).
    public func string(at index: Int) -> String {
        data.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[offsets[index]..<offsets[index + 1]]), as: UTF8.self)
        }
    }

    /// The values at `rows` (sorted indices), in that order.
    func gathering(_ rows: [Int]) -> ParquetByteArrays {
        var total = 0
        for row in rows { total += offsets[row + 1] - offsets[row] }
        var newOffsets = [Int]()
        newOffsets.reserveCapacity(rows.count + 1)
        newOffsets.append(0)
        let newData = [UInt8](unsafeUninitializedCapacity: total) { out, initialized in
            data.withUnsafeBufferPointer { source in
                var at = 0
                for row in rows {
                    let start = offsets[row]
                    let length = offsets[row + 1] - start
                    if length > 0 {
                        (out.baseAddress! + at).update(from: source.baseAddress! + start, count: length)
                    }
                    at += length
                    newOffsets.append(at)
                }
            }
            initialized = total
        }
        return ParquetByteArrays(data: newData, offsets: newOffsets)
    }
}
