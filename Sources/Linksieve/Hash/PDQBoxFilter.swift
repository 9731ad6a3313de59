/// The Jarosz blur of the PDQ reference (two rounds of a horizontal then a vertical box filter, pdq-algorithm.md §4)
/// followed by the 64x64 decimation (§5).
///
/// Each 1-D pass is the reference's float32 running sum, never recomputed, so rounding carries along a row or
/// column exactly as in the C++ code. Speed comes only from doing independent sums side by side, never from
/// reordering one: the horizontal passes run eight rows at once (one SIMD lane per row), the vertical passes
/// every column at once while reading rows sequentially. The second round computes only what the decimation
/// reads: its horizontal pass divides and stores at the 64 sampled columns alone, and its vertical pass runs
/// over those 64 columns.
enum PDQBoxFilter {
    typealias Lanes = SIMD8<Float>
    static let laneCount = Lanes.scalarCount

    /// Window along a side of `length` samples: ceil(length / 128).
    static func windowSize(_ length: Int) -> Int { (length + 127) / 128 }

    /// Source index sampled by output cell i of 64 along a side of `length`: trunc((i + 0.5)·length/64) in double.
    static func sampleIndices(_ length: Int) -> [Int] {
        (0..<64).map { Int((Double($0) + 0.5) * Double(length) / 64) }
    }

    /// Blurs `image` (rows x columns, destroyed) and writes the 64x64 decimation to `cells`.
    /// `scratch` holds rows x columns floats.
    static func blurAndDecimate(
        _ image: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>, rows: Int, columns: Int,
        into cells: UnsafeMutablePointer<Float>
    ) {
        let alongRows = windowSize(columns), alongColumns = windowSize(rows)
        let sampledRows = sampleIndices(rows), sampledColumns = sampleIndices(columns)
        let sums = UnsafeMutablePointer<Float>.allocate(capacity: max(columns, 64))
        defer { sums.deallocate() }
        let narrow = UnsafeMutablePointer<Float>.allocate(capacity: rows * 64 * 2)
        defer { narrow.deallocate() }
        let narrowBlurred = narrow + rows * 64

        // Round one: every sample.
        boxRows(image, rows: rows, length: columns, window: alongRows) { row, position, value in
            storeLanes(value, scratch + row * columns + position, stride: columns, count: min(laneCount, rows - row))
        }
        boxColumns(scratch, image, sums: sums, rows: rows, columns: columns, window: alongColumns)
        // Round two: only the sampled columns, then only the sampled rows.
        sampledColumns.withUnsafeBufferPointer { wanted in
            boxRows(image, rows: rows, length: columns, window: alongRows, outputs: wanted) { row, cell, value in
                storeLanes(value, narrow + row * 64 + cell, stride: 64, count: min(laneCount, rows - row))
            }
        }
        boxColumns(narrow, narrowBlurred, sums: sums, rows: rows, columns: 64, window: alongColumns)
        for i in 0..<64 {
            (cells + i * 64).update(from: narrowBlurred + sampledRows[i] * 64, count: 64)
        }
    }

    @inline(__always)
    static func storeLanes(_ value: Lanes, _ destination: UnsafeMutablePointer<Float>, stride: Int, count: Int) {
        for lane in 0..<count { destination[lane * stride] = value[lane] }
    }

    /// The row pass, eight rows per strip. Output i of a row is the mean of x[i-(w-h) ... i+h-1] clipped to the
    /// row, with h = (w+2)/2. Without `outputs`, `emit(firstRow, i, means)` gets every position i; with it,
    /// `emit(firstRow, k, means)` gets each k where position outputs[k] is reached (outputs sorted ascending),
    /// and no other position is divided.
    @inline(__always)
    static func boxRows(
        _ x: UnsafePointer<Float>, rows: Int, length: Int, window: Int, outputs: UnsafeBufferPointer<Int>? = nil,
        emit: (Int, Int, Lanes) -> Void
    ) {
        let half = (window + 2) / 2
        var strip = 0
        while strip < rows {
            // Lanes past the last row repeat it; their results are never stored.
            @inline(__always) func row(_ lane: Int) -> UnsafePointer<Float> { x + min(strip + lane, rows - 1) * length }
            let r0 = row(0), r1 = row(1), r2 = row(2), r3 = row(3), r4 = row(4), r5 = row(5), r6 = row(6), r7 = row(7)
            @inline(__always) func load(_ i: Int) -> Lanes {
                Lanes(r0[i], r1[i], r2[i], r3[i], r4[i], r5[i], r6[i], r7[i])
            }
            var next = 0
            @inline(__always) func output(_ position: Int, _ sum: Lanes, _ divisor: Lanes) {
                guard let outputs else {
                    emit(strip, position, sum / divisor)
                    return
                }
                guard next < outputs.count, outputs[next] == position else { return }
                let mean = sum / divisor
                repeat {
                    emit(strip, next, mean)
                    next += 1
                } while next < outputs.count && outputs[next] == position
            }

            var sum = Lanes(repeating: 0)
            var count = 0
            var right = 0, left = 0, out = 0
            for _ in 0..<(half - 1) {
                sum += load(right)
                count += 1
                right += 1
            }
            for _ in 0..<(window - half + 1) {
                sum += load(right)
                count += 1
                output(out, sum, Lanes(repeating: Float(count)))
                right += 1
                out += 1
            }
            let full = Lanes(repeating: Float(count))
            for _ in 0..<(length - window) {
                sum += load(right)
                sum -= load(left)
                output(out, sum, full)
                left += 1
                right += 1
                out += 1
            }
            for _ in 0..<(half - 1) {
                sum -= load(left)
                count -= 1
                output(out, sum, Lanes(repeating: Float(count)))
                left += 1
                out += 1
            }
            strip += laneCount
        }
    }

    /// The column pass over every column at once, with the phases of `boxRows`: x → y, both rows x columns.
    static func boxColumns(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, sums: UnsafeMutablePointer<Float>,
        rows: Int, columns: Int, window: Int
    ) {
        sums.update(repeating: 0, count: columns)
        let half = (window + 2) / 2
        var count = 0
        var right = 0, left = 0, out = 0
        for _ in 0..<(half - 1) {
            ColumnStep.add(sums, x + right * columns, columns: columns)
            count += 1
            right += 1
        }
        for _ in 0..<(window - half + 1) {
            count += 1
            ColumnStep.addAndDivide(sums, x + right * columns, into: y + out * columns, by: Float(count), columns: columns)
            right += 1
            out += 1
        }
        let full = Float(count)
        for _ in 0..<(rows - window) {
            ColumnStep.slide(sums, incoming: x + right * columns, outgoing: x + left * columns,
                             into: y + out * columns, by: full, columns: columns)
            left += 1
            right += 1
            out += 1
        }
        for _ in 0..<(half - 1) {
            count -= 1
            ColumnStep.subtractAndDivide(sums, x + left * columns, into: y + out * columns, by: Float(count),
                                         columns: columns)
            left += 1
            out += 1
        }
    }
}
