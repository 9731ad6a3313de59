#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Deterministic, benign RGB images for fixtures and the demo: no real photograph is ever needed.
///
/// A seed picks a smooth picture made of the 16x16 lowest cosine waves, cos(π·u·y/H)·cos(π·v·x/W) for
/// u, v = 1…16: exactly the frequencies PDQ keeps. Half the waves get a positive and half a negative
/// weight, each weight at least 60% of the largest, so every PDQ bit sits far from the median threshold:
/// a re-encode or a resize of one seed stays within a few bits, and different seeds (independent sign
/// patterns) land about 128 bits apart. Colour comes from a per-channel gain and offset.
public enum SyntheticImage {
    static let frequencies = 16

    public static func make(seed: UInt64, width: Int, height: Int) -> Pixels {
        precondition(width > 0 && height > 0, "image sides must be positive")
        var random = SplitMix64(seed: seed)
        let n = frequencies
        var signs = [Double](repeating: 1, count: n * n / 2) + [Double](repeating: -1, count: n * n / 2)
        signs.shuffle(using: &random)
        // weights[u * n + v], lighter at high frequencies as in natural images, never near zero.
        let weights = (0..<n * n).map { index in
            signs[index] * random.uniform(0.6, 1) * 14 / (1 + Double(index / n + index % n) / 8)
        }
        let gains = (0..<3).map { _ in random.uniform(0.75, 1.25) }
        let offsets = (0..<3).map { _ in random.uniform(112, 144) }

        func waves(_ count: Int) -> [[Double]] {
            (0..<count).map { i in
                let position = (Double(i) + 0.5) / Double(count)
                return (1...n).map { frequency in cos(Double.pi * Double(frequency) * position) }
            }
        }
        let rowWaves = waves(height), columnWaves = waves(width)

        var samples = [UInt8](repeating: 0, count: width * height * 3)
        var rowMix = [Double](repeating: 0, count: n)
        for y in 0..<height {
            // Σ_u Σ_v w[u][v]·cos_u(y)·cos_v(x) = Σ_v (Σ_u w[u][v]·cos_u(y))·cos_v(x)
            for v in 0..<n {
                var sum = 0.0
                for u in 0..<n { sum += weights[u * n + v] * rowWaves[y][u] }
                rowMix[v] = sum
            }
            for x in 0..<width {
                var level = 0.0
                for v in 0..<n { level += rowMix[v] * columnWaves[x][v] }
                for channel in 0..<3 {
                    let value = offsets[channel] + gains[channel] * level
                    samples[(y * width + x) * 3 + channel] = UInt8(min(max(value.rounded(), 0), 255))
                }
            }
        }
        return Pixels(width: width, height: height, channels: 3, samples: samples)
    }
}
