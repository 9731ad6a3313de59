/// Two PDQ hashes side by side, bit by bit: the distance a reviewer can see rather than read.
///
/// Bit `b` is DCT coefficient (u, v) with `b = 16·u + v` (see `PDQHash`), so `bits` laid out in
/// rows of 16 draws the hash as a 16×16 grid.
public struct PDQComparison: Sendable, Equatable {
    public var observed: PDQHash
    public var entry: PDQHash

    public init(observed: PDQHash, entry: PDQHash) {
        self.observed = observed
        self.entry = entry
    }

    /// Reads two 64-digit hex hashes; nil when either is not one.
    public init?(observedHex: String, entryHex: String) {
        guard let observed = PDQHash(hex: observedHex), let entry = PDQHash(hex: entryHex) else { return nil }
        self.init(observed: observed, entry: entry)
    }

    public var distance: Int { observed.distance(to: entry) }

    /// The 256 bits of a hash, bit 0 first.
    public static func bits(of hash: PDQHash) -> [Bool] {
        let limbs = [hash.limbs.0, hash.limbs.1, hash.limbs.2, hash.limbs.3]
        return (0..<256).map { limbs[$0 / 64] >> UInt64($0 % 64) & 1 == 1 }
    }

    public var observedBits: [Bool] { Self.bits(of: observed) }
    public var entryBits: [Bool] { Self.bits(of: entry) }

    /// The bit positions (0…255) where the two hashes differ; as many as `distance`.
    public var differingBits: [Int] {
        zip(observedBits, entryBits).enumerated().compactMap { $0.element.0 != $0.element.1 ? $0.offset : nil }
    }
}
