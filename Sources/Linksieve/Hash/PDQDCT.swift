#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The reference's 64x64 → 16x16 DCT (frequencies 1…16, DC dropped) and the bit and quality rules around it
/// (pdq-algorithm.md §6–8). All arithmetic is scalar float32 in the reference's order.
enum PDQDCT {
    /// D[u][k] = f32(f32(sqrt(2/64)) * cos(((π/2)/64) * (u+1) * (2k+1))), 16 x 64, computed once.
    static let matrix: [Float] = {
        let scale = Double(Float(sqrt(2.0 / 64.0)))
        var d = [Float](repeating: 0, count: 16 * 64)
        for u in 0..<16 {
            for k in 0..<64 {
                d[u * 64 + k] = Float(scale * cos(Double.pi / 2 / 64.0 * Double(u + 1) * Double(2 * k + 1)))
            }
        }
        return d
    }()

    /// B = D · A · Dᵀ for the 64x64 matrix `a`, written to the 256 floats of `b`.
    static func transform(_ a: UnsafePointer<Float>, into b: UnsafeMutablePointer<Float>) {
        matrix.withUnsafeBufferPointer { dBuffer in
            let d = dBuffer.baseAddress!
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 16 * 64) { tBuffer in
                let t = tBuffer.baseAddress!
                for u in 0..<16 {
                    for j in 0..<64 {
                        var sum: Float = 0
                        for k in 0..<64 { sum += d[u * 64 + k] * a[k * 64 + j] }
                        t[u * 64 + j] = sum
                    }
                }
                for u in 0..<16 {
                    for v in 0..<16 {
                        var sum: Float = 0
                        for k in 0..<64 { sum += t[u * 64 + k] * d[v * 64 + k] }
                        b[u * 16 + v] = sum
                    }
                }
            }
        }
    }

    /// Quality from the 64x64 matrix: the sum of |trunc((u - v) * 100 / 255)| over adjacent pairs, / 90, capped at 100.
    static func quality(_ a: UnsafePointer<Float>) -> Int {
        var gradientSum = 0
        for i in 0..<63 {
            for j in 0..<64 {
                gradientSum += abs(Int((a[i * 64 + j] - a[(i + 1) * 64 + j]) * 100 / 255))
            }
        }
        for i in 0..<64 {
            for j in 0..<63 {
                gradientSum += abs(Int((a[i * 64 + j] - a[i * 64 + j + 1]) * 100 / 255))
            }
        }
        return min(100, gradientSum / 90)
    }

    /// Bit 16u+v is set iff B[u][v] is strictly above the lower median, sorted(B)[127].
    static func hash(_ b: [Float]) -> PDQHash {
        let median = b.sorted()[127]
        var limbs: [UInt64] = [0, 0, 0, 0]
        for (bit, value) in b.enumerated() where value > median {
            limbs[bit / 64] |= 1 << UInt64(bit % 64)
        }
        return PDQHash(limbs: (limbs[0], limbs[1], limbs[2], limbs[3]))
    }
}
