/// Which of the two deployed PDQ conventions to reproduce (pdq-algorithm.md §0–1).
public enum PDQMode: String, Sendable, CaseIterable {
    /// The hashing core on the full-resolution image: what pdqhash (PyPI), python-threatexchange and HMA compute.
    case full
    /// The reference C++ CLI: images wider or taller than 512 are first squashed to exactly 512x512 by
    /// nearest-neighbour sampling, aspect ratio not kept.
    case referenceCLI = "reference-cli"
}
