/// A digest held as fixed-width binary words instead of a hex string, so that lists of millions of
/// entries take 16–32 bytes per entry and compare with a few integer comparisons.
///
/// Words are big-endian in the digest's byte order: `leadingWord` holds bytes 0…7, and comparing
/// keys compares the digests as byte strings (the same order as their lower-case hex).
protocol DigestKey: Comparable, Hashable, Sendable {
    /// Bytes in the digest: 16 for MD5, 20 for SHA-1, 32 for SHA-256 and PDQ.
    static var byteCount: Int { get }
    /// Parses exactly `2 × byteCount` hex digits of either case; nil for anything else.
    init?(hex: UnsafeBufferPointer<UInt8>)
    /// The first 8 bytes as a big-endian integer; its top bits place the key in a bucket.
    var leadingWord: UInt64 { get }
    /// Lower-case hex, the canonical list value.
    var hex: String { get }
}

extension DigestKey {
    init?(hex string: String) {
        var string = string
        guard let key = string.withUTF8({ Self(hex: $0) }) else { return nil }
        self = key
    }
}

/// Hex parsing and printing shared by the key types.
enum HexWords {
    /// The value of `count` hex digits starting at `start` (count ≤ 16), or nil if one is not a hex digit.
    @inline(__always)
    static func word(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> UInt64? {
        var value: UInt64 = 0
        var invalid: UInt8 = 0
        for i in start..<start + count {
            let byte = bytes[i]
            let digit = byte &- 0x30
            let letter = (byte | 0x20) &- 0x61
            let isDigit = digit < 10
            let nibble = isDigit ? digit : letter &+ 10
            invalid |= (isDigit || letter < 6) ? 0 : 1
            value = value << 4 | UInt64(nibble)
        }
        return invalid == 0 ? value : nil
    }

    static func append(_ word: UInt64, digits: Int, to out: inout [UInt8]) {
        let alphabet: StaticString = "0123456789abcdef"
        for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) {
            out.append(alphabet.utf8Start[Int((word >> UInt64(shift)) & 0xF)])
        }
    }
}

/// An MD5 digest.
struct DigestKey128: DigestKey {
    var high: UInt64
    var low: UInt64

    static var byteCount: Int { 16 }

    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    init?(hex: UnsafeBufferPointer<UInt8>) {
        guard hex.count == 32, let high = HexWords.word(hex, 0, 16), let low = HexWords.word(hex, 16, 16) else {
            return nil
        }
        self.init(high: high, low: low)
    }

    var leadingWord: UInt64 { high }

    var hex: String {
        var out = [UInt8]()
        out.reserveCapacity(32)
        HexWords.append(high, digits: 16, to: &out)
        HexWords.append(low, digits: 16, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func < (a: Self, b: Self) -> Bool { a.high != b.high ? a.high < b.high : a.low < b.low }
}

/// A SHA-1 digest.
struct DigestKey160: DigestKey {
    var high: UInt64
    var middle: UInt64
    var low: UInt32

    static var byteCount: Int { 20 }

    init(high: UInt64, middle: UInt64, low: UInt32) {
        self.high = high
        self.middle = middle
        self.low = low
    }

    init?(hex: UnsafeBufferPointer<UInt8>) {
        guard hex.count == 40, let high = HexWords.word(hex, 0, 16), let middle = HexWords.word(hex, 16, 16),
              let low = HexWords.word(hex, 32, 8)
        else { return nil }
        self.init(high: high, middle: middle, low: UInt32(low))
    }

    var leadingWord: UInt64 { high }

    var hex: String {
        var out = [UInt8]()
        out.reserveCapacity(40)
        HexWords.append(high, digits: 16, to: &out)
        HexWords.append(middle, digits: 16, to: &out)
        HexWords.append(UInt64(low), digits: 8, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func < (a: Self, b: Self) -> Bool {
        if a.high != b.high { return a.high < b.high }
        return a.middle != b.middle ? a.middle < b.middle : a.low < b.low
    }
}

/// A SHA-256 digest, the SHA-256 of a URL, or a PDQ hash.
struct DigestKey256: DigestKey {
    var w0: UInt64
    var w1: UInt64
    var w2: UInt64
    var w3: UInt64

    static var byteCount: Int { 32 }

    init(_ w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64) {
        self.w0 = w0
        self.w1 = w1
        self.w2 = w2
        self.w3 = w3
    }

    init?(hex: UnsafeBufferPointer<UInt8>) {
        guard hex.count == 64, let w0 = HexWords.word(hex, 0, 16), let w1 = HexWords.word(hex, 16, 16),
              let w2 = HexWords.word(hex, 32, 16), let w3 = HexWords.word(hex, 48, 16)
        else { return nil }
        self.init(w0, w1, w2, w3)
    }

    /// A PDQ hash's hex reads as a 256-bit big-endian number, so its most significant limb comes first.
    init(pdq: PDQHash) {
        self.init(pdq.limbs.3, pdq.limbs.2, pdq.limbs.1, pdq.limbs.0)
    }

    var pdq: PDQHash { PDQHash(limbs: (w3, w2, w1, w0)) }

    var leadingWord: UInt64 { w0 }

    var hex: String {
        var out = [UInt8]()
        out.reserveCapacity(64)
        for word in [w0, w1, w2, w3] { HexWords.append(word, digits: 16, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    static func < (a: Self, b: Self) -> Bool {
        if a.w0 != b.w0 { return a.w0 < b.w0 }
        if a.w1 != b.w1 { return a.w1 < b.w1 }
        return a.w2 != b.w2 ? a.w2 < b.w2 : a.w3 < b.w3
    }
}
