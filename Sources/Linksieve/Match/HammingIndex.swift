/// Finds every PDQ hash within a Hamming radius of a query, exactly as a linear scan would, without
/// comparing against every entry: multi-index hashing (Norouzi et al.; Meta's pdq/README-MIH.md).
///
/// A hash is cut into 16 slots of 16 bits. If two hashes differ in at most r bits, some slot differs
/// in at most ⌊r/16⌋ bits (pigeonhole), so the candidates are the entries whose slot value lies within
/// ⌊r/16⌋ bits of the query's in some slot. For each slot the entries are kept sorted by slot value
/// (a counting sort), with a table of where each of the 65,536 values starts. Each candidate is
/// verified on the full 256 bits and reported only from the first slot that could have found it (in the
/// sequential layout, the first whose chain of `PigeonholeBounds` holds), so no set is needed to drop
/// repeats. Radii of 64 and more (⌊r/16⌋ ≥ 4, where the neighbourhoods cover much of the index) fall
/// back to the linear scan.
///
/// Memory depends on the `Layout`. Both hold the hashes (32 bytes each), one UInt32 per entry and slot
/// (64 bytes), and 16 × 65,537 UInt32 starts (4 MiB). Compact adds the first 128 bits of each hash again
/// (16 bytes): about 116 bytes per entry for a million entries, under 4 × the 32 raw bytes. Sequential
/// adds one UInt16 per entry and slot instead (32 bytes): about 132 bytes per entry.
public struct HammingIndex: Sendable {
    /// How candidates are checked before their full hash is read: a trade of memory for time per query.
    public enum Layout: String, Sendable, CaseIterable {
        /// Each candidate's first 128 bits are read from a table by entry number: one random load per
        /// candidate (about 4,000 per query at radius 31 and a million entries), bound by cache misses.
        case compact
        /// Each slot keeps, in bucket order, every entry's partner word (the other slot of its pair), so a
        /// probe reads its bucket as one short run of memory and rules out nearly every candidate there
        /// by the pair bound of `PigeonholeBounds`; the full hash is read only for the few that remain.
        case sequential
    }

    static let slots = 16
    private static let slotValues = 1 << 16
    /// Largest radius answered by the slot tables; beyond it the linear scan is used.
    public static let maxIndexedRadius = 63
    /// Sequential layout: chunks of 8 partner words read ahead from every probed bucket, 16 words (a whole
    /// bucket at a million entries, where buckets hold about 15).
    private static let chunksAhead = 2
    private static let partnerPadding = chunksAhead * 8
    /// Sequential layout: entries kept before they are verified together.
    private static let keptCapacity = 64

    public let hashes: [PDQHash]
    public let layout: Layout
    /// Compact only: bits 0…127 of each hash (limbs 0 and 1), half the bytes to read for the many candidates that fail.
    private let prefixes: [(UInt64, UInt64)]
    /// Slot s holds `entries[s * count ..< (s + 1) * count]`: entry numbers sorted by their slot-s value.
    private let entries: [UInt32]
    /// Sequential only: `partners[s * count + k]` is the slot-(s ^ 1) value of entry `entries[s * count + k]`,
    /// followed by padding so that a bucket's first words can be read in whole chunks.
    private let partners: [UInt16]
    /// Entries of slot s with value v are at `starts[s * 65537 + v] ..< starts[s * 65537 + v + 1]` within slot s.
    private let starts: [UInt32]

    public var count: Int { hashes.count }

    /// Bytes held by the index (hashes, entry tables, prefixes or partner words, and starts).
    public var memoryBytes: Int {
        hashes.count * MemoryLayout<PDQHash>.stride + prefixes.count * 16 + entries.count * 4 + partners.count * 2
            + starts.count * 4
    }

    public init(_ hashes: [PDQHash], layout: Layout = .compact) {
        precondition(hashes.count < Int(UInt32.max), "a Hamming index holds fewer than 2^32 hashes")
        self.layout = layout
        let count = hashes.count
        guard count > 0 else {
            self.hashes = []
            prefixes = []
            entries = []
            partners = []
            starts = []
            return
        }
        self.hashes = [PDQHash](unsafeUninitializedCapacity: count) { copy, initialized in
            HugePages.advise(copy.baseAddress, bytes: count * MemoryLayout<PDQHash>.stride)
            _ = copy.initialize(from: hashes)
            initialized = count
        }
        if layout == .compact {
            prefixes = [(UInt64, UInt64)](unsafeUninitializedCapacity: count) { prefixes, initialized in
                HugePages.advise(prefixes.baseAddress, bytes: count * 16)
                for (number, hash) in hashes.enumerated() { (prefixes.baseAddress! + number).initialize(to: (hash.limbs.0, hash.limbs.1)) }
                initialized = count
            }
        } else {
            prefixes = []
        }
        let total = Self.slots * count
        let stride = Self.slotValues + 1
        var starts = [UInt32](repeating: 0, count: Self.slots * stride)
        var partners = [UInt16]()
        if layout == .sequential {
            partners = [UInt16](unsafeUninitializedCapacity: total + Self.partnerPadding) { partners, initialized in
                HugePages.advise(partners.baseAddress, bytes: (total + Self.partnerPadding) * 2)
                partners.initialize(repeating: 0)
                initialized = total + Self.partnerPadding
            }
        }
        entries = [UInt32](unsafeUninitializedCapacity: total) { entries, initialized in
            HugePages.advise(entries.baseAddress, bytes: total * 4)
            hashes.withUnsafeBufferPointer { hashes in
                starts.withUnsafeMutableBufferPointer { starts in
                    partners.withUnsafeMutableBufferPointer { partners in
                        var cursor = [UInt32](repeating: 0, count: Self.slotValues)
                        for slot in 0..<Self.slots {
                            let base = slot * stride
                            for hash in hashes { starts[base + Self.word(hash, slot) + 1] += 1 }
                            for value in 0..<Self.slotValues { starts[base + value + 1] += starts[base + value] }
                            for value in 0..<Self.slotValues { cursor[value] = starts[base + value] }
                            let output = entries.baseAddress! + slot * count
                            let partnerWords = layout == .sequential ? partners.baseAddress! + slot * count : nil
                            for (number, hash) in hashes.enumerated() {
                                let value = Self.word(hash, slot)
                                let position = Int(cursor[value])
                                (output + position).initialize(to: UInt32(number))
                                partnerWords?[position] = UInt16(Self.word(hash, slot ^ 1))
                                cursor[value] += 1
                            }
                        }
                    }
                }
            }
            initialized = total
        }
        self.partners = partners
        self.starts = starts
    }

    /// Every entry within `radius` bits of `query`, as (position in `hashes`, distance), in no set order.
    public func search(_ query: PDQHash, radius: Int) -> [(index: Int, distance: Int)] {
        var found = [(index: Int, distance: Int)]()
        search(query, radius: radius) { found.append(($0, $1)) }
        return found
    }

    /// Calls `report` with each entry within `radius` bits of `query`, once each.
    public func search(_ query: PDQHash, radius: Int, report: (Int, Int) -> Void) {
        guard radius >= 0, !hashes.isEmpty else { return }
        guard radius <= Self.maxIndexedRadius else { return scan(query, radius: radius, report: report) }
        switch layout {
        case .compact: searchCompact(query, radius: radius, report: report)
        case .sequential: searchSequential(query, radius: radius, report: report)
        }
    }

    /// The candidate numbers of all probed buckets are gathered into one buffer, then their 16-byte
    /// prefixes (bits 0…127) into another by a loop that only loads, so the processor keeps many cache
    /// misses in flight; distances are then computed from that buffer, and the rest of a hash is read
    /// only when its first 128 bits are already within the radius.
    private func searchCompact(_ query: PDQHash, radius: Int, report: (Int, Int) -> Void) {
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
                        if slot > 0, Self.nearSlot(before: slot, hash, query, within: slotRadius) { continue }
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

    /// Four passes, each a tight loop, so that the processor keeps many cache misses in flight where one
    /// loop doing everything would hold only a few buckets in its reorder window: load the bounds of every
    /// probed bucket; read the first `chunksAhead` chunks of 8 partner words of each; keep the entries
    /// whose slot and partner are within the pair bound of `PigeonholeBounds` (at radius 31 and a million
    /// random entries, about a dozen of the 4,000 candidates besides true matches); verify those on their
    /// full hashes.
    private func searchSequential(_ query: PDQHash, radius: Int, report: (Int, Int) -> Void) {
        let bounds = PigeonholeBounds(radius: radius)
        let probes = FlipMasks.count(within: bounds.slot)
        let buckets = Self.slots * probes
        withUnsafeTemporaryAllocation(of: (start: UInt32, end: UInt32).self, capacity: buckets) { ranges in
            withUnsafeTemporaryAllocation(of: SIMD8<UInt16>.self, capacity: buckets * Self.chunksAhead) { ahead in
                withUnsafeTemporaryAllocation(of: (slot: Int, index: Int).self, capacity: Self.keptCapacity) { kept in
                    loadRanges(query, probes: probes, into: ranges)
                    readAhead(ranges, probes: probes, into: ahead)
                    var keeper = Keeper(kept: kept, query: query, bounds: bounds)
                    keepNear(ranges, ahead, probes: probes, &keeper, report: report)
                    verify(&keeper, report: report)
                }
            }
        }
    }

    /// `ranges[slot * probes + probe]`: the bucket of slot `slot` whose value is the query's XOR flip mask `probe`.
    private func loadRanges(_ query: PDQHash, probes: Int, into ranges: UnsafeMutableBufferPointer<(start: UInt32, end: UInt32)>) {
        let stride = Self.slotValues + 1
        starts.withUnsafeBufferPointer { starts in
            FlipMasks.masks.withUnsafeBufferPointer { masks in
                for slot in 0..<Self.slots {
                    let queryWord = Self.word(query, slot)
                    let slotStarts = starts.baseAddress! + slot * stride
                    for probe in 0..<probes {
                        let value = queryWord ^ Int(masks[probe])
                        ranges[slot * probes + probe] = (slotStarts[value], slotStarts[value + 1])
                    }
                }
            }
        }
    }

    /// `ahead[bucket * chunksAhead + chunk]`: the bucket's partner words `8 * chunk ..< 8 * chunk + 8`; those
    /// past its end belong to the next bucket or the padding.
    private func readAhead(
        _ ranges: UnsafeMutableBufferPointer<(start: UInt32, end: UInt32)>, probes: Int,
        into ahead: UnsafeMutableBufferPointer<SIMD8<UInt16>>
    ) {
        partners.withUnsafeBufferPointer { partners in
            for slot in 0..<Self.slots {
                let slotPartners = UnsafeRawPointer(partners.baseAddress! + slot * count)
                for bucket in slot * probes..<(slot + 1) * probes {
                    let start = Int(ranges[bucket].start) * 2
                    for chunk in 0..<Self.chunksAhead {
                        ahead[bucket * Self.chunksAhead + chunk] =
                            slotPartners.loadUnaligned(fromByteOffset: start + chunk * 16, as: SIMD8<UInt16>.self)
                    }
                }
            }
        }
    }

    /// Counts the differing bits of every probed bucket's partner words, 8 at a time, and keeps the entries
    /// within the pair bound less the bits already flipped in the slot itself.
    private func keepNear(
        _ ranges: UnsafeMutableBufferPointer<(start: UInt32, end: UInt32)>, _ ahead: UnsafeMutableBufferPointer<SIMD8<UInt16>>,
        probes: Int, _ keeper: inout Keeper, report: (Int, Int) -> Void
    ) {
        let bounds = keeper.bounds
        partners.withUnsafeBufferPointer { partners in
            for slot in 0..<Self.slots {
                let queryPartner = SIMD8<UInt16>(repeating: UInt16(Self.word(keeper.query, slot ^ 1)))
                let slotPartners = UnsafeRawPointer(partners.baseAddress! + slot * count)
                // The masks are ordered by their number of bits, so each group of probes shares one limit.
                for flipped in 0...bounds.slot {
                    let limit = SIMD8<UInt16>(repeating: UInt16(bounds.pair - flipped))
                    let firstProbe = flipped == 0 ? 0 : FlipMasks.count(within: flipped - 1)
                    for bucket in slot * probes + firstProbe..<slot * probes + FlipMasks.count(within: flipped) {
                        let start = Int(ranges[bucket].start)
                        let length = Int(ranges[bucket].end) &- start
                        guard length > 0 else { continue }
                        // Words past the bucket's end may pass too; `keep` drops them.
                        for chunk in 0..<Self.chunksAhead {
                            let near = (ahead[bucket &* Self.chunksAhead &+ chunk] ^ queryPartner).nonzeroBitCount .<= limit
                            if any(near) { keep(near, slot: slot, start: start, offset: chunk * 8, length: length, &keeper, report: report) }
                        }
                        var offset = Self.chunksAhead * 8
                        while offset < length {
                            let words = slotPartners.loadUnaligned(fromByteOffset: (start &+ offset) &* 2, as: SIMD8<UInt16>.self)
                            let near = (words ^ queryPartner).nonzeroBitCount .<= limit
                            if any(near) { keep(near, slot: slot, start: start, offset: offset, length: length, &keeper, report: report) }
                            offset &+= 8
                        }
                    }
                }
            }
        }
    }

    /// Entries that passed the pair bound, waiting to be verified.
    private struct Keeper {
        /// Each entry's slot and its index in the slot tables, `slot * count + position`.
        let kept: UnsafeMutableBufferPointer<(slot: Int, index: Int)>
        let query: PDQHash
        let bounds: PigeonholeBounds
        var count = 0
    }

    /// Keeps the near lanes of the chunk at `offset` in a bucket that are inside the bucket.
    private func keep(
        _ near: SIMDMask<SIMD8<Int16>>, slot: Int, start: Int, offset: Int, length: Int, _ keeper: inout Keeper,
        report: (Int, Int) -> Void
    ) {
        for lane in 0..<8 where near[lane] && offset + lane < length {
            if keeper.count == Self.keptCapacity { verify(&keeper, report: report) }
            keeper.kept[keeper.count] = (slot, slot * count + start + offset + lane)
            keeper.count += 1
        }
    }

    /// Verifies kept entries on their full hashes and reports each that is within the radius from the first
    /// slot whose chain of bounds holds, then empties the keeper. The entry numbers and hashes are gathered
    /// first, so those cache misses overlap too.
    private func verify(_ keeper: inout Keeper, report: (Int, Int) -> Void) {
        let kept = keeper.count
        guard kept > 0 else { return }
        let query = keeper.query, bounds = keeper.bounds
        withUnsafeTemporaryAllocation(of: (number: Int, slot: Int).self, capacity: kept) { found in
            withUnsafeTemporaryAllocation(of: PDQHash.self, capacity: kept) { candidates in
                entries.withUnsafeBufferPointer { entries in
                    for i in 0..<kept { found.initializeElement(at: i, to: (Int(entries[keeper.kept[i].index]), keeper.kept[i].slot)) }
                }
                hashes.withUnsafeBufferPointer { hashes in
                    for i in 0..<kept { candidates.initializeElement(at: i, to: hashes[found[i].number]) }
                }
                for i in 0..<kept {
                    let distances = Self.slotDistances(candidates[i], query)
                    let distance = Int(distances.wrappedSum())
                    if distance <= bounds.radius, bounds.firstSlot(finding: distances) == found[i].slot {
                        report(found[i].number, distance)
                    }
                }
            }
        }
        keeper.count = 0
    }

    /// Differing bits in each slot.
    @inline(__always)
    static func slotDistances(_ a: PDQHash, _ b: PDQHash) -> SIMD16<UInt16> {
        let x0 = a.limbs.0 ^ b.limbs.0, x1 = a.limbs.1 ^ b.limbs.1, x2 = a.limbs.2 ^ b.limbs.2, x3 = a.limbs.3 ^ b.limbs.3
        let low = SIMD8<UInt64>(x0, x0 >> 16, x0 >> 32, x0 >> 48, x1, x1 >> 16, x1 >> 32, x1 >> 48)
        let high = SIMD8<UInt64>(x2, x2 >> 16, x2 >> 32, x2 >> 48, x3, x3 >> 16, x3 >> 32, x3 >> 48)
        return SIMD16<UInt16>(lowHalf: SIMD8(truncatingIfNeeded: low), highHalf: SIMD8(truncatingIfNeeded: high)).nonzeroBitCount
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
    private static func nearSlot(before slot: Int, _ hash: PDQHash, _ query: PDQHash, within slotRadius: Int) -> Bool {
        for earlier in 0..<slot where (word(hash, earlier) ^ word(query, earlier)).nonzeroBitCount <= slotRadius {
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
