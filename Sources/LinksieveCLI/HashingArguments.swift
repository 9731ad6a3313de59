import ArgumentParser
import Linksieve

/// How images are decoded and hashed, shared by `scan` and `hash`.
struct HashingArguments: ParsableArguments {
    @Option(name: .long, help: "PDQ convention: full (full-resolution pixels, as pdqhash and HMA) or reference-cli (Meta's CLI: 512×512 squash first).")
    var pdqMode = PDQMode.full

    @Option(
        name: .long, parsing: .unconditional, help: "Images with more pixels than this (read from the header) are refused before decoding (default: \(HashStage().maxPixels)).",
        transform: NumericOption.integer("--max-pixels", 1...Int(Int32.max)))
    var maxPixels = HashStage().maxPixels

    @Flag(name: .long, help: "Also derive the 8 rotation/flip PDQ hashes from each image's DCT (no second hash); scans match them too.")
    var pdqDihedral = false

    @Flag(name: .long, help: "Decode large JPEGs reduced in the DCT domain and grey: much faster, PDQ within a few bits of exact (see docs/PDQ.md).")
    var fastDecode = false

    /// The hash stage these arguments describe.
    var stage: HashStage {
        HashStage(maxPixels: maxPixels, pdqMode: pdqMode, dihedral: pdqDihedral, fastDecode: fastDecode)
    }
}

extension PDQMode: ExpressibleByArgument {}
