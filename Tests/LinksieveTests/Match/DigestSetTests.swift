import Testing
@testable import Linksieve

@Suite("DigestSet")
struct DigestSetTests {
    @Test("holds each key once with the label of its first occurrence, and finds exactly the keys added")
    func matchesReference() throws {
        var random = SplitMix64(seed: 11)
        var builder = DigestSetBuilder<DigestKey128>()
        var reference = [DigestKey128: UInt32]()
        var added = [DigestKey128]()
        for i in 0..<50_000 {
            // Every tenth key repeats an earlier one under another label.
            let key = i % 10 == 9 ? added[Int(random.next() % UInt64(added.count))] : DigestKey128(high: random.next(), low: random.next())
            let label = UInt32(random.next() % 5)
            builder.append(key, label: label)
            added.append(key)
            if reference[key] == nil { reference[key] = label }
        }
        let (set, duplicates) = builder.build()
        #expect(set.count == reference.count)
        #expect(duplicates == 50_000 - reference.count)
        #expect(set.keys == set.keys.sorted())
        for (key, label) in reference {
            let position = try #require(set.index(of: key))
            #expect(set.labels[position] == label)
        }
        for _ in 0..<1_000 {
            #expect(set.index(of: DigestKey128(high: random.next(), low: random.next())) == nil)
        }
    }

    @Test("keys sharing their leading bits (one crowded bucket) are still sorted, merged and found")
    func crowdedBucket() throws {
        var builder = DigestSetBuilder<DigestKey256>()
        for i in (0..<3_000).reversed() {
            builder.append(DigestKey256(0, 0, 0, UInt64(i % 1_000)), label: UInt32(i / 1_000))
        }
        let (set, duplicates) = builder.build()
        #expect(set.count == 1_000)
        #expect(duplicates == 2_000)
        // Values 0…999 were first added by i = 2000…2999, so with label 2.
        let position = try #require(set.index(of: DigestKey256(0, 0, 0, 5)))
        #expect(set.labels[position] == 2)
        #expect(set.index(of: DigestKey256(0, 0, 1, 5)) == nil)
    }

    @Test("one label for every entry costs no per-entry label storage")
    func uniformLabels() {
        var builder = DigestSetBuilder<DigestKey160>()
        var random = SplitMix64(seed: 5)
        for _ in 0..<1_000 { builder.append(DigestKey160(high: random.next(), middle: random.next(), low: 7), label: 4) }
        let set = builder.build().set
        guard case .uniform(4) = set.labels else {
            Issue.record("expected one shared label, got \(set.labels)")
            return
        }
    }

    @Test("hex keys parse either case, reject other lengths and letters, and print lower-case")
    func hexKeys() {
        let md5 = "D41D8CD98F00B204E9800998ECF8427E"
        #expect(DigestKey128(hex: md5)?.hex == md5.lowercased())
        #expect(DigestKey160(hex: "da39a3ee5e6b4b0d3255bfef95601890afd80709")?.hex == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(DigestKey128(hex: String(md5.dropLast())) == nil)
        #expect(DigestKey128(hex: String(md5.dropLast()) + "g") == nil)
        #expect(DigestKey128(hex: String(md5.dropLast()) + ":") == nil)
        let pdq = PDQHash(limbs: (1, 2, 3, 0xFEDC_BA98_7654_3210))
        #expect(DigestKey256(pdq: pdq).hex == pdq.hex)
        #expect(DigestKey256(hex: pdq.hex)?.pdq == pdq)
    }
}
