/// The 16-bit masks of at most three set bits, fewest bits first: XOR-ing a slot value with the first
/// `count(within: t)` of them enumerates every value within t bits.
enum FlipMasks {
    static let masks: [UInt16] = {
        var masks = [UInt16]()
        for bits in 0...3 {
            for mask in 0..<(1 << 16) where mask.nonzeroBitCount == bits { masks.append(UInt16(mask)) }
        }
        return masks
    }()

    /// 1, 17, 137 and 697 masks for t = 0…3.
    static func count(within slotRadius: Int) -> Int {
        [1, 17, 137, 697][slotRadius]
    }
}
