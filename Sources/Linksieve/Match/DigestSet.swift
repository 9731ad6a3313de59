/// An exact set of fixed-width digests with a label per entry, for lists of millions of MD5, SHA-1 or
/// SHA-256 values: keys sorted and unique in one flat array, found through a table of bucket starts
/// indexed by each key's top bits, then a binary search over the few keys of one bucket.
struct DigestSet<Key: DigestKey>: Sendable {
    /// Sorted, no duplicates.
    let keys: [Key]
    let labels: LabelColumn
    let bucketBits: Int
    /// Keys of bucket `b` are `keys[bucketStarts[b]..<bucketStarts[b + 1]]`.
    let bucketStarts: [UInt32]

    static var empty: DigestSet { DigestSet(keys: [], labels: .uniform(0), bucketBits: 0, bucketStarts: [0, 0]) }

    var count: Int { keys.count }

    /// Buckets of about eight keys, at most 2^20 of them (4 MiB of starts for the largest lists).
    static func bucketBits(forCount count: Int) -> Int {
        var bits = 0
        while bits < 20, (1 << (bits + 1)) * 8 <= count { bits += 1 }
        return bits
    }

    @inline(__always)
    static func bucket(of key: Key, bits: Int) -> Int {
        bits == 0 ? 0 : Int(truncatingIfNeeded: key.leadingWord >> UInt64(64 - bits))
    }

    /// The position of `key` in `keys`, or nil.
    func index(of key: Key) -> Int? {
        let bucket = Self.bucket(of: key, bits: bucketBits)
        return keys.withUnsafeBufferPointer { keys in
            var low = Int(bucketStarts[bucket])
            var high = Int(bucketStarts[bucket + 1])
            while low < high {
                let middle = (low + high) / 2
                if keys[middle] < key { low = middle + 1 } else { high = middle }
            }
            return low < Int(bucketStarts[bucket + 1]) && keys[low] == key ? low : nil
        }
    }
}
