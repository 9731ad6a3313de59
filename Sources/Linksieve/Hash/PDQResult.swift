/// A PDQ hash with the quality score (0…100) the reference computes alongside it.
///
/// Hashes of quality below 50 carry too little structure to match on (pdq-algorithm.md §10).
public struct PDQResult: Sendable, Equatable {
    public let hash: PDQHash
    public let quality: Int

    public init(hash: PDQHash, quality: Int) {
        self.hash = hash
        self.quality = quality
    }
}
