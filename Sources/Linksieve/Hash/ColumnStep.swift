/// One row's worth of the vertical box filter's running sums, eight columns per SIMD operation.
///
/// Each column's sum sees the same float32 additions, subtractions and division, in the same order, as a
/// scalar loop would do; the lanes only put independent columns side by side.
enum ColumnStep {
    typealias Lanes = SIMD8<Float>
    static let width = Lanes.scalarCount

    @inline(__always)
    private static func load(_ p: UnsafePointer<Float>) -> Lanes {
        UnsafeRawPointer(p).loadUnaligned(as: Lanes.self)
    }

    @inline(__always)
    private static func store(_ value: Lanes, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: value, as: Lanes.self)
    }

    /// sums += incoming.
    static func add(_ sums: UnsafeMutablePointer<Float>, _ incoming: UnsafePointer<Float>, columns: Int) {
        var c = 0
        while c + width <= columns {
            store(load(sums + c) + load(incoming + c), sums + c)
            c += width
        }
        while c < columns {
            sums[c] += incoming[c]
            c += 1
        }
    }

    /// sums += incoming; output = sums / divisor.
    static func addAndDivide(
        _ sums: UnsafeMutablePointer<Float>, _ incoming: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>,
        by divisor: Float, columns: Int
    ) {
        let divisors = Lanes(repeating: divisor)
        var c = 0
        while c + width <= columns {
            let sum = load(sums + c) + load(incoming + c)
            store(sum, sums + c)
            store(sum / divisors, output + c)
            c += width
        }
        while c < columns {
            sums[c] += incoming[c]
            output[c] = sums[c] / divisor
            c += 1
        }
    }

    /// sums += incoming; sums -= outgoing; output = sums / divisor.
    static func slide(
        _ sums: UnsafeMutablePointer<Float>, incoming: UnsafePointer<Float>, outgoing: UnsafePointer<Float>,
        into output: UnsafeMutablePointer<Float>, by divisor: Float, columns: Int
    ) {
        let divisors = Lanes(repeating: divisor)
        var c = 0
        while c + width <= columns {
            let sum = (load(sums + c) + load(incoming + c)) - load(outgoing + c)
            store(sum, sums + c)
            store(sum / divisors, output + c)
            c += width
        }
        while c < columns {
            sums[c] += incoming[c]
            sums[c] -= outgoing[c]
            output[c] = sums[c] / divisor
            c += 1
        }
    }

    /// sums -= outgoing; output = sums / divisor.
    static func subtractAndDivide(
        _ sums: UnsafeMutablePointer<Float>, _ outgoing: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>,
        by divisor: Float, columns: Int
    ) {
        let divisors = Lanes(repeating: divisor)
        var c = 0
        while c + width <= columns {
            let sum = load(sums + c) - load(outgoing + c)
            store(sum, sums + c)
            store(sum / divisors, output + c)
            c += width
        }
        while c < columns {
            sums[c] -= outgoing[c]
            output[c] = sums[c] / divisor
            c += 1
        }
    }
}
