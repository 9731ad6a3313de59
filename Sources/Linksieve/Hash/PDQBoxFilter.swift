/// The Jarosz blur of the PDQ reference (two rounds of a horizontal then a vertical box filter, pdq-algorithm.md §4)
/// followed by the 64x64 decimation (§5), streamed through buffers a few dozen rows high.
///
/// Each 1-D pass is the reference's float32 running sum, never recomputed, so rounding carries along a row or
/// column exactly as in the C++ code. Speed comes only from doing independent sums side by side, never from
/// reordering one: the horizontal passes run eight rows at once (one SIMD lane per row), the vertical passes
/// every column at once while reading rows sequentially.
///
/// The passes are chained row by row: luma for eight rows → first horizontal pass into a ring of rows → first
/// vertical pass, one row at a time, into an eight-row strip → second horizontal pass. The full-size image is
/// never materialised as floats, so a 12 MP photo needs a few megabytes of scratch. The second round
/// computes only what the decimation reads: its horizontal pass divides and stores at the 64 sampled columns
/// alone, and its vertical pass runs over those 64 columns.
enum PDQBoxFilter {
    typealias Lanes = SIMD8<Float>
    static let laneCount = Lanes.scalarCount

    /// Window along a side of `length` samples: ceil(length / 128).
    static func windowSize(_ length: Int) -> Int { (length + 127) / 128 }

    /// Source index sampled by output cell i of 64 along a side of `length`: trunc((i + 0.5)·length/64) in double.
    static func sampleIndices(_ length: Int) -> [Int] {
        (0..<64).map { Int((Double($0) + 0.5) * Double(length) / 64) }
    }

    /// Blurs the rows x columns luma image and writes its 64x64 decimation to `cells`.
    /// `lumaRow(row, destination, stride)` writes the luma of one row to destination[0], [stride], [2·stride], …
    static func blurAndDecimate(
        rows: Int, columns: Int, lumaRow: (Int, UnsafeMutablePointer<Float>, Int) -> Void,
        into cells: UnsafeMutablePointer<Float>
    ) {
        let alongRows = windowSize(columns), alongColumns = windowSize(rows)
        let sampledRows = sampleIndices(rows), sampledColumns = sampleIndices(columns)
        // Rows the first vertical pass may still read (its window plus one), and a strip produced ahead of them.
        let ringRows = alongColumns + 2 * laneCount

        let lumaLanes = UnsafeMutablePointer<Float>.allocate(capacity: laneCount * columns)
        defer { lumaLanes.deallocate() }
        let ring = UnsafeMutablePointer<Float>.allocate(capacity: ringRows * columns)
        defer { ring.deallocate() }
        let strip = UnsafeMutablePointer<Float>.allocate(capacity: laneCount * columns)
        defer { strip.deallocate() }
        let sums = UnsafeMutablePointer<Float>.allocate(capacity: max(columns, 64))
        defer { sums.deallocate() }
        let narrow = UnsafeMutablePointer<Float>.allocate(capacity: rows * 64 * 2)
        defer { narrow.deallocate() }
        let narrowBlurred = narrow + rows * 64

        // Round one, horizontal: luma of eight rows, lane-interleaved, then their row pass into the ring.
        var produced = 0
        func produce(through row: Int) {
            while produced <= row {
                let first = produced
                // Lanes past the last row repeat it, so their results equal its results and may be stored over them.
                @inline(__always) func row(_ lane: Int) -> Int { min(first + lane, rows - 1) }
                for lane in 0..<laneCount {
                    lumaRow(row(lane), lumaLanes + lane, laneCount)
                }
                @inline(__always) func slot(_ lane: Int) -> UnsafeMutablePointer<Float> { ring + (row(lane) % ringRows) * columns }
                let d0 = slot(0), d1 = slot(1), d2 = slot(2), d3 = slot(3), d4 = slot(4), d5 = slot(5), d6 = slot(6), d7 = slot(7)
                boxStrip(length: columns, window: alongRows, load: { i in
                    UnsafeRawPointer(lumaLanes + i * laneCount).loadUnaligned(as: Lanes.self)
                }, emit: { i, means in
                    d0[i] = means[0]; d1[i] = means[1]; d2[i] = means[2]; d3[i] = means[3]
                    d4[i] = means[4]; d5[i] = means[5]; d6[i] = means[6]; d7[i] = means[7]
                })
                produced = min(first + laneCount, rows)
            }
        }
        // Round one, vertical, feeding round two's horizontal pass eight finished rows at a time.
        sampledColumns.withUnsafeBufferPointer { wanted in
            boxColumns(rows: rows, columns: columns, window: alongColumns, sums: sums, input: { row in
                produce(through: row)
                return UnsafePointer(ring + (row % ringRows) * columns)
            }, output: { row in
                strip + (row % laneCount) * columns
            }, rowDone: { row in
                guard row % laneCount == laneCount - 1 || row == rows - 1 else { return }
                let first = row - row % laneCount, valid = row % laneCount + 1
                @inline(__always) func lane(_ k: Int) -> UnsafeMutablePointer<Float> { strip + min(k, valid - 1) * columns }
                let r0 = lane(0), r1 = lane(1), r2 = lane(2), r3 = lane(3), r4 = lane(4), r5 = lane(5), r6 = lane(6), r7 = lane(7)
                @inline(__always) func target(_ k: Int) -> UnsafeMutablePointer<Float> { narrow + (first + min(k, valid - 1)) * 64 }
                let t0 = target(0), t1 = target(1), t2 = target(2), t3 = target(3)
                let t4 = target(4), t5 = target(5), t6 = target(6), t7 = target(7)
                boxStrip(length: columns, window: alongRows, outputs: wanted, load: { i in
                    Lanes(r0[i], r1[i], r2[i], r3[i], r4[i], r5[i], r6[i], r7[i])
                }, emit: { cell, means in
                    t0[cell] = means[0]; t1[cell] = means[1]; t2[cell] = means[2]; t3[cell] = means[3]
                    t4[cell] = means[4]; t5[cell] = means[5]; t6[cell] = means[6]; t7[cell] = means[7]
                })
            })
        }
        // Round two, vertical, over the 64 sampled columns; then the sampled rows are the cells.
        boxColumns(rows: rows, columns: 64, window: alongColumns, sums: sums, input: { row in
            UnsafePointer(narrow + row * 64)
        }, output: { row in
            narrowBlurred + row * 64
        }, rowDone: { _ in })
        for i in 0..<64 {
            (cells + i * 64).update(from: narrowBlurred + sampledRows[i] * 64, count: 64)
        }
    }

    /// The row pass over eight rows at once, lane k holding row k. Output i of a row is the mean of
    /// x[i-(w-h) ... i+h-1] clipped to the row, with h = (w+2)/2. Without `outputs`, `emit(i, means)` gets every
    /// position i; with it, `emit(k, means)` gets each k where position outputs[k] is reached (outputs sorted
    /// ascending), and no other position is divided.
    @inline(__always)
    static func boxStrip(
        length: Int, window: Int, outputs: UnsafeBufferPointer<Int>? = nil,
        load: (Int) -> Lanes, emit: (Int, Lanes) -> Void
    ) {
        let half = (window + 2) / 2
        var next = 0
        @inline(__always) func output(_ position: Int, _ sum: Lanes, _ divisor: Lanes) {
            guard let outputs else {
                emit(position, sum / divisor)
                return
            }
            guard next < outputs.count, outputs[next] == position else { return }
            let mean = sum / divisor
            repeat {
                emit(next, mean)
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
    }

    /// The column pass over every column at once, with the phases of `boxStrip`. Rows are read through `input`
    /// in increasing order and written through `output`; `rowDone(row)` follows each written row.
    @inline(__always)
    static func boxColumns(
        rows: Int, columns: Int, window: Int, sums: UnsafeMutablePointer<Float>,
        input: (Int) -> UnsafePointer<Float>, output: (Int) -> UnsafeMutablePointer<Float>, rowDone: (Int) -> Void
    ) {
        sums.update(repeating: 0, count: columns)
        let half = (window + 2) / 2
        var count = 0
        var right = 0, left = 0, out = 0
        for _ in 0..<(half - 1) {
            ColumnStep.add(sums, input(right), columns: columns)
            count += 1
            right += 1
        }
        for _ in 0..<(window - half + 1) {
            count += 1
            ColumnStep.addAndDivide(sums, input(right), into: output(out), by: Float(count), columns: columns)
            rowDone(out)
            right += 1
            out += 1
        }
        let full = Float(count)
        for _ in 0..<(rows - window) {
            let incoming = input(right)
            ColumnStep.slide(sums, incoming: incoming, outgoing: input(left), into: output(out), by: full, columns: columns)
            rowDone(out)
            left += 1
            right += 1
            out += 1
        }
        for _ in 0..<(half - 1) {
            count -= 1
            ColumnStep.subtractAndDivide(sums, input(left), into: output(out), by: Float(count), columns: columns)
            rowDone(out)
            left += 1
            out += 1
        }
    }
}
