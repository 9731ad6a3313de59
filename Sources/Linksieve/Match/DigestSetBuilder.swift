/// Collects one list's digests of one algorithm in file order and turns them into a `DigestSet`.
///
/// Keys arrive in fixed-size chunks (no doubling reallocation of one huge array). `build()` counts
/// keys per bucket, scatters them into one exact-sized array in file order while freeing the chunks,
/// then sorts each small bucket stably and drops repeats, so the first line of a repeated value keeps
/// its label. Peak memory is about twice the keys; the result holds them once.
struct DigestSetBuilder<Key: DigestKey> {
    private static var chunkSize: Int { 1 << 16 }

    private var chunks: [[Key]] = []
    private var current: [Key] = []
    /// Per-entry labels, chunked like the keys; nil while every entry so far has `firstLabel`.
    private var labelChunks: [[UInt32]]?
    private var currentLabels: [UInt32] = []
    private var firstLabel: UInt32?
    private(set) var count = 0

    mutating func append(_ key: Key, label: UInt32) {
        if current.count == Self.chunkSize {
            chunks.append(current)
            current = []
            current.reserveCapacity(Self.chunkSize)
            if labelChunks != nil {
                labelChunks!.append(currentLabels)
                currentLabels = []
                currentLabels.reserveCapacity(Self.chunkSize)
            }
        }
        current.append(key)
        count += 1
        if labelChunks != nil {
            currentLabels.append(label)
        } else if let firstLabel {
            if label != firstLabel {
                labelChunks = chunks.map { [UInt32](repeating: firstLabel, count: $0.count) }
                currentLabels = [UInt32](repeating: firstLabel, count: current.count - 1)
                currentLabels.reserveCapacity(Self.chunkSize)
                currentLabels.append(label)
            }
        } else {
            firstLabel = label
        }
    }

    /// The set, and how many appended keys repeated an earlier one.
    mutating func build() -> (set: DigestSet<Key>, duplicates: Int) {
        let total = count
        guard total > 0 else { return (.empty, 0) }
        chunks.append(current)
        current = []
        if labelChunks != nil {
            labelChunks!.append(currentLabels)
            currentLabels = []
        }
        let bits = DigestSet<Key>.bucketBits(forCount: total)
        let bucketCount = 1 << bits
        var starts = [UInt32](repeating: 0, count: bucketCount + 1)
        for chunk in chunks {
            for key in chunk { starts[DigestSet<Key>.bucket(of: key, bits: bits) + 1] += 1 }
        }
        for b in 0..<bucketCount { starts[b + 1] += starts[b] }

        var unique = 0
        var newStarts = [UInt32](repeating: 0, count: bucketCount + 1)
        let keys: [Key]
        let labels: LabelColumn
        if labelChunks != nil {
            var labelArray = [UInt32]()
            keys = [Key](unsafeUninitializedCapacity: total) { keyBuffer, keysInitialized in
                labelArray = [UInt32](unsafeUninitializedCapacity: total) { labelBuffer, labelsInitialized in
                    scatter(into: keyBuffer, labels: labelBuffer, starts: starts, bits: bits)
                    unique = sortAndMerge(keyBuffer, labelBuffer, starts: starts, newStarts: &newStarts)
                    labelsInitialized = unique
                }
                keysInitialized = unique
            }
            labels = .perEntry(labelArray)
        } else {
            keys = [Key](unsafeUninitializedCapacity: total) { keyBuffer, keysInitialized in
                scatter(into: keyBuffer, labels: nil, starts: starts, bits: bits)
                unique = sortAndMerge(keyBuffer, nil, starts: starts, newStarts: &newStarts)
                keysInitialized = unique
            }
            labels = .uniform(firstLabel ?? 0)
        }
        self = DigestSetBuilder()
        return (DigestSet(keys: keys, labels: labels, bucketBits: bits, bucketStarts: newStarts), total - unique)
    }

    /// Places every key (and label) at its bucket's next free slot, in file order, freeing each chunk once copied.
    private mutating func scatter(
        into keys: UnsafeMutableBufferPointer<Key>, labels: UnsafeMutableBufferPointer<UInt32>?, starts: [UInt32],
        bits: Int
    ) {
        var cursor = starts
        cursor.withUnsafeMutableBufferPointer { cursor in
            for c in chunks.indices {
                let chunk = chunks[c]
                let chunkLabels = labelChunks?[c]
                chunks[c] = []
                labelChunks?[c] = []
                chunk.withUnsafeBufferPointer { chunk in
                    for i in 0..<chunk.count {
                        let key = chunk[i]
                        let bucket = DigestSet<Key>.bucket(of: key, bits: bits)
                        let slot = Int(cursor[bucket])
                        cursor[bucket] += 1
                        (keys.baseAddress! + slot).initialize(to: key)
                        if let labels, let chunkLabels { (labels.baseAddress! + slot).initialize(to: chunkLabels[i]) }
                    }
                }
            }
        }
        chunks = []
        labelChunks = labelChunks.map { _ in [] }
    }

    /// Sorts each bucket stably, keeps the first of equal keys, and compacts; returns the number kept.
    private func sortAndMerge(
        _ keys: UnsafeMutableBufferPointer<Key>, _ labels: UnsafeMutableBufferPointer<UInt32>?, starts: [UInt32],
        newStarts: inout [UInt32]
    ) -> Int {
        var write = 0
        for bucket in 0..<(starts.count - 1) {
            let start = Int(starts[bucket])
            let end = Int(starts[bucket + 1])
            newStarts[bucket] = UInt32(write)
            Self.sortStably(keys, labels, start..<end)
            for i in start..<end {
                if write > Int(newStarts[bucket]), keys[write - 1] == keys[i] { continue }
                keys[write] = keys[i]
                if let labels { labels[write] = labels[i] }
                write += 1
            }
        }
        newStarts[starts.count - 1] = UInt32(write)
        return write
    }

    /// Insertion sort for the usual small bucket; a sort by (key, position) for a crowded one.
    private static func sortStably(
        _ keys: UnsafeMutableBufferPointer<Key>, _ labels: UnsafeMutableBufferPointer<UInt32>?, _ range: Range<Int>
    ) {
        guard range.count > 1 else { return }
        if range.count <= 64 {
            for i in (range.lowerBound + 1)..<range.upperBound {
                let key = keys[i]
                let label = labels?[i]
                var j = i
                while j > range.lowerBound, key < keys[j - 1] {
                    keys[j] = keys[j - 1]
                    if let labels { labels[j] = labels[j - 1] }
                    j -= 1
                }
                keys[j] = key
                if let labels, let label { labels[j] = label }
            }
            return
        }
        var items = range.map { (key: keys[$0], label: labels?[$0] ?? 0, position: $0) }
        items.sort { $0.key != $1.key ? $0.key < $1.key : $0.position < $1.position }
        for (offset, item) in items.enumerated() {
            keys[range.lowerBound + offset] = item.key
            labels?[range.lowerBound + offset] = item.label
        }
    }
}
