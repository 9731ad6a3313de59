import Testing
@testable import Linksieve

@Suite("HammingIndex")
struct HammingIndexTests {
    /// Random hashes plus clusters of near copies, so that every radius has matches to find.
    static func haystack(count: Int, seed: UInt64) -> [PDQHash] {
        var random = SplitMix64(seed: seed)
        var hashes = [PDQHash]()
        while hashes.count < count {
            let base = PDQHash(limbs: (random.next(), random.next(), random.next(), random.next()))
            hashes.append(base)
            for _ in 0..<Int(random.next() % 4) where hashes.count < count {
                hashes.append(flipped(base, bits: Int(random.next() % 70), &random))
            }
        }
        return hashes
    }

    /// `hash` with `bits` distinct bits flipped.
    static func flipped(_ hash: PDQHash, bits: Int, _ random: inout SplitMix64) -> PDQHash {
        var positions = Set<Int>()
        while positions.count < bits { positions.insert(Int(random.next() % 256)) }
        var limbs = [hash.limbs.0, hash.limbs.1, hash.limbs.2, hash.limbs.3]
        for position in positions { limbs[position / 64] ^= 1 << UInt64(position % 64) }
        return PDQHash(limbs: (limbs[0], limbs[1], limbs[2], limbs[3]))
    }

    static func bruteForce(_ hashes: [PDQHash], _ query: PDQHash, radius: Int) -> [Int: Int] {
        var found = [Int: Int]()
        for (index, hash) in hashes.enumerated() where hash.distance(to: query) <= radius {
            found[index] = hash.distance(to: query)
        }
        return found
    }

    static let radiiAndLayouts = [0, 8, 31, 32, 63].flatMap { radius in HammingIndex.Layout.allCases.map { (radius, $0) } }

    @Test("returns exactly the brute-force result, each entry once, at radii 0, 8, 31, 32 and 63, in both layouts",
          arguments: radiiAndLayouts)
    func equalsBruteForce(radius: Int, layout: HammingIndex.Layout) {
        let hashes = Self.haystack(count: 20_000, seed: UInt64(radius) + 1)
        let index = HammingIndex(hashes, layout: layout)
        #expect(index.layout == layout)
        var random = SplitMix64(seed: 99 + UInt64(radius))
        var total = 0
        for q in 0..<300 {
            // Queries near an entry at distances around the radius, and random ones.
            let query = q % 3 == 2
                ? PDQHash(limbs: (random.next(), random.next(), random.next(), random.next()))
                : Self.flipped(hashes[Int(random.next() % UInt64(hashes.count))], bits: Int(random.next() % UInt64(radius + 6)), &random)
            var found = [Int: Int]()
            var repeats = 0
            index.search(query, radius: radius) { number, distance in
                if found.updateValue(distance, forKey: number) != nil { repeats += 1 }
            }
            #expect(repeats == 0)
            let expected = Self.bruteForce(hashes, query, radius: radius)
            #expect(found == expected, "query \(q) at radius \(radius), \(layout) layout")
            total += expected.count
        }
        #expect(total > 20, "the fixtures must give matches to find")
    }

    @Test("finds every copy when many entries share slot values, as in a list of near-duplicates", arguments: HammingIndex.Layout.allCases)
    func crowdedBuckets(layout: HammingIndex.Layout) {
        // 3,000 copies of one hash with up to 40 bits flipped: buckets of hundreds of entries, far longer than
        // the sequential layout reads ahead, and more matches per query than it keeps before verifying.
        var random = SplitMix64(seed: 11)
        let base = PDQHash(limbs: (random.next(), random.next(), random.next(), random.next()))
        let hashes = (0..<3_000).map { _ in Self.flipped(base, bits: Int(random.next() % 41), &random) }
        let index = HammingIndex(hashes, layout: layout)
        for radius in [16, 31, 47, 63] {
            let query = Self.flipped(base, bits: 5, &random)
            var found = [Int: Int]()
            var repeats = 0
            index.search(query, radius: radius) { number, distance in
                if found.updateValue(distance, forKey: number) != nil { repeats += 1 }
            }
            let expected = Self.bruteForce(hashes, query, radius: radius)
            #expect(repeats == 0)
            #expect(found == expected, "radius \(radius), \(layout) layout")
            #expect(expected.count > 100)
        }
    }

    @Test("radii above 63 and the whole range give the linear scan's result, in both layouts", arguments: HammingIndex.Layout.allCases)
    func largeRadii(layout: HammingIndex.Layout) {
        let hashes = Self.haystack(count: 2_000, seed: 7)
        let index = HammingIndex(hashes, layout: layout)
        var random = SplitMix64(seed: 8)
        for radius in [64, 100, 128, 256] {
            let query = Self.flipped(hashes[Int(random.next() % 2_000)], bits: 40, &random)
            let found = Dictionary(uniqueKeysWithValues: index.search(query, radius: radius).map { ($0.index, $0.distance) })
            #expect(found == Self.bruteForce(hashes, query, radius: radius))
        }
        #expect(index.search(hashes[0], radius: -1).isEmpty)
        #expect(HammingIndex([], layout: layout).search(hashes[0], radius: 31).isEmpty)
    }

    @Test("finds needles near and far from a haystack as the linear scan does, in both layouts", arguments: HammingIndex.Layout.allCases)
    func needlesInHaystack(layout: HammingIndex.Layout) throws {
        var random = SplitMix64(seed: 1350)
        let haystack = (0..<1_350).map { _ in PDQHash(limbs: (random.next(), random.next(), random.next(), random.next())) }
        // Copies of haystack entries with 0 to 40 bits flipped (about three in four within the radius), and strangers.
        let needles = (0..<100).map { number in
            number % 5 == 4
                ? PDQHash(limbs: (random.next(), random.next(), random.next(), random.next()))
                : Self.flipped(haystack[Int(random.next() % 1_350)], bits: Int(random.next() % 41), &random)
        }
        let index = HammingIndex(haystack, layout: layout)
        var matched = 0
        for needle in needles {
            let found = Dictionary(uniqueKeysWithValues: index.search(needle, radius: 31).map { ($0.index, $0.distance) })
            #expect(found == Self.bruteForce(haystack, needle, radius: 31))
            matched += found.isEmpty ? 0 : 1
        }
        #expect(matched > 40 && matched < 80)
    }

    @Test("every entry within the radius has a slot whose chain of pigeonhole bounds holds")
    func pigeonholeChain() {
        var random = SplitMix64(seed: 21)
        for radius in 0...63 {
            let bounds = PigeonholeBounds(radius: radius)
            for _ in 0..<200 {
                let a = PDQHash(limbs: (random.next(), random.next(), random.next(), random.next()))
                let b = Self.flipped(a, bits: Int(random.next() % UInt64(radius + 1)), &random)
                #expect(bounds.firstSlot(finding: HammingIndex.slotDistances(a, b)) < 16, "radius \(radius)")
            }
        }
        // Far apart: no slot is within ⌊31/16⌋ = 1 bit and its pair within 3.
        let zero = PDQHash(limbs: (0, 0, 0, 0))
        let spread = PDQHash(limbs: (0x0003_0003_0003_0003, 0x0003_0003_0003_0003, 0x0003_0003_0003_0003, 0x0003_0003_0003_0003))
        #expect(HammingIndex.slotDistances(zero, spread) == SIMD16(repeating: 2))
        #expect(PigeonholeBounds(radius: 31).firstSlot(finding: HammingIndex.slotDistances(zero, spread)) == 16)
    }

    @Test("holds under 4 x 32 bytes per entry at 1,000,000 entries in the compact layout, about 132 in the sequential one")
    func memory() {
        var random = SplitMix64(seed: 3)
        let hashes = (0..<1_000_000).map { _ in PDQHash(limbs: (random.next(), random.next(), random.next(), random.next())) }
        let compact = HammingIndex(hashes)
        #expect(compact.layout == .compact)
        #expect(compact.memoryBytes < 4 * 32 * hashes.count)
        #expect(compact.search(hashes[123], radius: 0).map(\.index) == [123])
        let sequential = HammingIndex(hashes, layout: .sequential)
        #expect(sequential.memoryBytes < 133 * hashes.count)
        #expect(sequential.search(hashes[123], radius: 0).map(\.index) == [123])
    }
}
