/// The pigeonhole bounds at every level of `HammingIndex`'s slots, seen as a tree: 256 bits, two halves,
/// four quarters (the limbs), eight pairs of slots, sixteen slots.
///
/// If two hashes differ in at most r bits, one half differs in at most ⌊r/2⌋ of them, within that half
/// one quarter in at most ⌊r/4⌋, within that quarter one pair in at most ⌊r/8⌋, and within that pair one
/// slot in at most ⌊r/16⌋. So every entry within the radius has a slot whose whole chain of bounds holds:
/// searching only the slots whose chain holds, and reporting from the first of them, misses nothing and
/// reports each entry once. The pair bound is what lets the sequential layout rule out a candidate from
/// two 16-bit words.
struct PigeonholeBounds {
    let radius: Int
    let half: Int
    let quarter: Int
    let pair: Int
    let slot: Int

    init(radius: Int) {
        self.radius = radius
        half = radius / 2
        quarter = radius / 4
        pair = radius / 8
        slot = radius / 16
    }

    /// The first slot whose chain of bounds holds, given the differing bits in each slot; 16 if none does
    /// (then the entry is further than the radius).
    func firstSlot(finding distances: SIMD16<UInt16>) -> Int {
        let pairs = distances.evenHalf &+ distances.oddHalf
        let quarters = pairs.evenHalf &+ pairs.oddHalf
        let halves = quarters.evenHalf &+ quarters.oddHalf
        for slot in 0..<16 {
            if Int(distances[slot]) <= self.slot, Int(pairs[slot / 2]) <= pair, Int(quarters[slot / 4]) <= quarter,
                Int(halves[slot / 8]) <= half
            {
                return slot
            }
        }
        return 16
    }
}
