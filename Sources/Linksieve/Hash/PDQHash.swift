/// A 256-bit PDQ perceptual hash.
///
/// Bit `b = 16·u + v` is DCT coefficient (u, v); the hex form writes the 16 words of 16 bits from
/// word 15 down to word 0 (pdq-algorithm.md §8), so the hash reads as a 256-bit big-endian integer.
/// `limbs[0]` holds bits 0…63, `limbs[3]` bits 192…255.
public struct PDQHash: Hashable, Sendable, CustomStringConvertible {
    public var limbs: (UInt64, UInt64, UInt64, UInt64)

    public init(limbs: (UInt64, UInt64, UInt64, UInt64)) { self.limbs = limbs }

    /// Parses 64 hex digits (either case). Returns nil for anything else.
    public init?<S: StringProtocol>(hex: S) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 64 else { return nil }
        var parsed: [UInt64] = [0, 0, 0, 0]
        for (i, c) in utf8.enumerated() {
            let nibble: UInt64
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = UInt64(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = UInt64(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = UInt64(c - UInt8(ascii: "A") + 10)
            default: return nil
            }
            // Digit 0 is the most significant nibble of limb 3.
            let limb = 3 - i / 16
            parsed[limb] = parsed[limb] << 4 | nibble
        }
        limbs = (parsed[0], parsed[1], parsed[2], parsed[3])
    }

    /// 64 lower-case hex digits, most significant first.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for limb in [limbs.3, limbs.2, limbs.1, limbs.0] {
            for shift in stride(from: 60, through: 0, by: -4) {
                out.append(digits[Int((limb >> UInt64(shift)) & 0xf)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public var description: String { hex }

    /// Number of differing bits, 0…256.
    @inline(__always)
    public func distance(to other: PDQHash) -> Int {
        (limbs.0 ^ other.limbs.0).nonzeroBitCount + (limbs.1 ^ other.limbs.1).nonzeroBitCount
            + (limbs.2 ^ other.limbs.2).nonzeroBitCount + (limbs.3 ^ other.limbs.3).nonzeroBitCount
    }

    public static func == (a: PDQHash, b: PDQHash) -> Bool {
        a.limbs.0 == b.limbs.0 && a.limbs.1 == b.limbs.1 && a.limbs.2 == b.limbs.2 && a.limbs.3 == b.limbs.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(limbs.0)
        hasher.combine(limbs.1)
        hasher.combine(limbs.2)
        hasher.combine(limbs.3)
    }
}
