/// Finds every PDQ hash within a Hamming radius of a query, exactly as a linear scan would, without
/// comparing against every entry: multi-index hashing (Norouzi et al.; Meta's pdq/README-MIH.md).
///
/// A hash is cut into 16 slots of 16 bits. If two hashes differ in at most r bits, some slot differs
/// in at most ⌊r/16⌋ bits (pigeonhole), so the candidates are the entries whose slot value lies within
/// ⌊r/16⌋ bits of the query's in some slot. For each slot the entries are kept sorted by slot value
/// (a counting sort), with a table of where each of the 65,536 values starts. Each candidate is
/// verified on the full 256 bits and reported only from the first slot that could have found it, so
/// no set is needed to drop repeats. Radii of 64 and more (⌊r/16⌋ ≥ 4, where the neighbourhoods cover
/// much of the index) fall back to the linear scan.
///
/// Memory: the hashes (32 bytes each), their first 128 bits again (16 bytes), one UInt32 per entry
/// and slot (64 bytes), and 16 × 65,537 UInt32 starts (4 MiB): about 116 bytes per entry for a
/// million entries, under 4 × the 32 raw bytes.
public struct HammingIndex: Sendable {
    static let slots = 16
    private static let slotValues = 1 << 16
    /// Largest radius answered by the slot tables; beyond it the linear scan is used.
    public static let maxIndexedRadius = 63

    public let hashes: [PDQHash]
    /// Bits 0…127 of each hash (limbs 0 and 1): half the bytes to read for the many candidates that fail.
    private let prefixes: [(UInt64, UInt64)]
    /// Slot s holds `entries[s * count ..< (s + 1) * count]`: entry numbers sorted by their slot-s value.
    private let entries: [UInt32]
    /// Entries of slot s with value v are at `starts[s * 65537 + v] ..< starts[s * 65537 + v + 1]` within slot s.
    private let starts: [UInt32]

    public var count: Int { hashes.count }

    /// Bytes held by the index (hashes, entry tables and starts).
    public var memoryBytes: Int {
        hashes.count * MemoryLayout<PDQHash>.stride + prefixes.count * 16 + entries.count * 4 + starts.count * 4
    }

    public init(_ hashes: [PDQHash]) {
        precondition(hashes.count < Int(UInt32.max), "a Hamming index holds fewer than 2^32 hashes")
        let count = hashes.count
        guard count > 0 else {
            self.hashes = []
            prefixes = []
            entries = []
            starts = []
            return
        }
        self.hashes = [PDQHash](unsafeUninitializedCapacity: count) { copy, initialized in
            HugePages.advise(copy.baseAddress, bytes: count * MemoryLayout<PDQHash>.stride)
            _ = copy.initialize(from: hashes)
            initialized = count
        }
        prefixes = [(UInt64, UInt64)](unsafeUninitializedCapacity: count) { prefixes, initialized in
            HugePages.advise(prefixes.baseAddress, bytes: count * 16)
            for (number, hash) in hashes.enumerated() { (prefixes.baseAddress! + number).initialize(to: (hash.limbs.0, hash.limbs.1)) }
            initialized = count
        }
        let stride = Self.slotValues + 1
        var starts = [UInt32](repeating: 0, count: Self.slots * stride)
        entries = [UInt32](unsafeUninitializedCapacity: Self.slots * count) { entries, initialized in
            HugePages.advise(entries.baseAddress, bytes: entries.count * 4)
            hashes.withUnsafeBufferPointer { hashes in
                starts.withUnsafeMutableBufferPointer { starts in
                    var cursor = [UInt32](repeating: 0, count: Self.slotValues)
                    for slot in 0..<Self.slots {
                        let base = slot * stride
                        for hash in hashes { starts[base + Self.word(hash, slot) + 1] += 1 }
                        for value in 0..<Self.slotValues { starts[base + value + 1] += starts[base + value] }
                        for value in 0..<Self.slotValues { cursor[value] = starts[base + value] }
                        let output = entries.baseAddress! + slot * count
                        for (number, hash) in hashes.enumerated() {
                            let value = Self.word(hash, slot)
                            (output + Int(cursor[value])).initialize(to: UInt32(number))
                            cursor[value] += 1
                        }
                    }
                }
            }
            initialized = Self.slots * count
        }
        self.starts = starts
    }

    /// Every entry within `radius` bits of `query`, as (position in `hashes`, distance), in no set order.
    public func search(_ query: PDQHash, radius: Int) -> [(index: Int, distance: Int)] {
        var found = [(index: Int, distance: Int)]()
        search(query, radius: radius) { found.append(($0, $1)) }
        return found
    }

    /// Calls `report` with each entry within `radius` bits of `query`, once each.
    ///
    /// The candidate numbers of all probed buckets are gathered into one buffer, then their 16-byte
    /// prefixes (bits 0…127) into another by a loop that only loads, so the processor keeps many cache
    /// misses in flight; distances are then computed from that buffer, and the rest of a hash is read
    /// only when its first 128 bits are already within the radius.
    public func search(_ query: PDQHash, radius: Int, report: (Int, Int) -> Void) {
        guard radius >= 0, !hashes.isEmpty else { return }
        guard radius <= Self.maxIndexedRadius else { return scan(query, radius: radius, report: report) }
        let slotRadius = radius / 16
        let queryWords = (0..<Self.slots).map { Self.word(query, $0) }
        let (candidates, slotEnds) = gatherCandidates(queryWords, slotRadius: slotRadius)
        let fetched = [(UInt64, UInt64)](unsafeUninitializedCapacity: candidates.count) { fetched, initialized in
            prefixes.withUnsafeBufferPointer { prefixes in
                for (i, number) in candidates.enumerated() { (fetched.baseAddress! + i).initialize(to: prefixes[Int(number)]) }
            }
            initialized = candidates.count
        }
        let q2 = query.limbs.2, q3 = query.limbs.3
        let queryHead = SIMD2(query.limbs.0, query.limbs.1)
        hashes.withUnsafeBufferPointer { hashes in
            fetched.withUnsafeBufferPointer { fetched in
                var i = 0
                for slot in 0..<Self.slots {
                    while i < slotEnds[slot] {
                        let prefix = fetched[i]
                        i += 1
                        let head = Self.bitCount(SIMD2(prefix.0, prefix.1) ^ queryHead)
                        guard head <= radius else { continue }
                        let number = Int(candidates[i - 1])
                        let hash = hashes[number]
                        let distance = head + (hash.limbs.2 ^ q2).nonzeroBitCount + (hash.limbs.3 ^ q3).nonzeroBitCount
                        guard distance <= radius else { continue }
                        if slot > 0, Self.nearSlot(before: slot, hash, queryWords, within: slotRadius) { continue }
                        report(number, distance)
                    }
                }
            }
        }
    }

    /// The entry numbers in every bucket within `slotRadius` bits of the query's slot values, slot by slot;
    /// slot s's candidates end at `slotEnds[s]`.
    private func gatherCandidates(_ queryWords: [Int], slotRadius: Int) -> (candidates: [UInt32], slotEnds: [Int]) {
        let count = hashes.count
        let stride = Self.slotValues + 1
        var candidates = [UInt32]()
        candidates.reserveCapacity(8192)
        var slotEnds = [Int](repeating: 0, count: Self.slots)
        entries.withUnsafeBufferPointer { entries in
            starts.withUnsafeBufferPointer { starts in
                FlipMasks.masks.withUnsafeBufferPointer { masks in
                    for slot in 0..<Self.slots {
                        let slotStarts = starts.baseAddress! + slot * stride
                        let slotEntries = entries.baseAddress! + slot * count
                        for mask in masks.prefix(FlipMasks.count(within: slotRadius)) {
                            let value = queryWords[slot] ^ Int(mask)
                            let start = Int(slotStarts[value])
                            let end = Int(slotStarts[value + 1])
                            if end > start {
                                candidates.append(contentsOf: UnsafeBufferPointer(start: slotEntries + start, count: end - start))
                            }
                        }
                        slotEnds[slot] = candidates.count
                    }
                }
            }
        }
        return (candidates, slotEnds)
    }

    /// The linear scan: the reference the index must equal, and the answer for radii above 63.
    public func scan(_ query: PDQHash, radius: Int, report: (Int, Int) -> Void) {
        hashes.withUnsafeBufferPointer { hashes in
            for number in 0..<hashes.count {
                let distance = hashes[number].distance(to: query)
                if distance <= radius { report(number, distance) }
            }
        }
    }

    /// Set bits in both lanes together: the SWAR population count run on the two limbs at once, since the
    /// portable x86-64 target has no popcnt instruction and this is the innermost loop.
    @inline(__always)
    static func bitCount(_ x: SIMD2<UInt64>) -> Int {
        var v = x &- ((x &>> 1) & SIMD2(repeating: 0x5555_5555_5555_5555))
        v = (v & SIMD2(repeating: 0x3333_3333_3333_3333)) &+ ((v &>> 2) & SIMD2(repeating: 0x3333_3333_3333_3333))
        v = (v &+ (v &>> 4)) & SIMD2(repeating: 0x0F0F_0F0F_0F0F_0F0F)
        let bytes = v[0] &+ v[1]
        return Int(truncatingIfNeeded: (bytes &* 0x0101_0101_0101_0101) >> 56)
    }

    /// Whether a slot before `slot` is within `slotRadius` bits of the query: then that slot found the entry.
    @inline(__always)
    private static func nearSlot(before slot: Int, _ hash: PDQHash, _ queryWords: [Int], within slotRadius: Int) -> Bool {
        for earlier in 0..<slot where (word(hash, earlier) ^ queryWords[earlier]).nonzeroBitCount <= slotRadius {
            return true
        }
        return false
    }

    /// Slot s is bits 16s…16s+15 (PDQ words, pdq-algorithm.md §8).
    @inline(__always)
    static func word(_ hash: PDQHash, _ slot: Int) -> Int {
        let limb: UInt64
        switch slot >> 2 {
        case 0: limb = hash.limbs.0
        case 1: limb = hash.limbs.1
        case 2: limb = hash.limbs.2
        default: limb = hash.limbs.3
        }
        return Int(truncatingIfNeeded: (limb >> UInt64((slot & 3) * 16)) & 0xFFFF)
    }
}
