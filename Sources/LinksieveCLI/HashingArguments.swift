import ArgumentParser
import Linksieve

/// How images are decoded and hashed, shared by `scan` and `hash`.
struct HashingArguments: ParsableArguments {
    @Option(name: .long, help: "PDQ convention: full (full-resolution pixels, as pdqhash and HMA) or reference-cli (Meta's CLI: 512×512 squash first).")
    var pdqMode = PDQMode.full

    @Option(name: .long, help: "Images with more pixels than this (read from the header) are refused before decoding.")
    var maxPixels = 100_000_000

    func validate() throws {
        guard maxPixels > 0 else { throw ValidationError("--max-pixels must be positive") }
    }
}

extension PDQMode: ExpressibleByArgument {}
