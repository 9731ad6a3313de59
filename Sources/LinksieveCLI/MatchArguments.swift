import ArgumentParser
import Linksieve

/// How matches are judged: the list policy and the PDQ thresholds, shared by scan and rescan so a
/// rescan is asked for the same settings a scan records.
struct MatchArguments: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "A list policy (JSON): per list pdq_threshold, min_quality, category, role (block, flag, negative), flood_limit.",
            discussion: """
                See Hashlists/README.md. An entry matching more rows than its list's flood_limit is held for review: \
                its rows are quarantined whatever the list's role. The policy's SHA-256 is recorded; a resume with \
                another policy is refused.
                """,
            valueName: "file"))
    var listPolicy: String?

    @Option(
        name: .long, parsing: .unconditional, help: "Largest PDQ Hamming distance that counts as a match (default: \(ScanOptions.defaultPDQThreshold)).",
        transform: NumericOption.integer("--pdq-threshold", 0...256))
    var pdqThreshold = ScanOptions.defaultPDQThreshold

    @Option(
        name: .long, parsing: .unconditional, help: "Images with a lower PDQ quality are reported as low quality, not matched (default: \(ScanOptions.defaultPDQMinQuality)).",
        transform: NumericOption.integer("--pdq-min-quality", 0...100))
    var pdqMinQuality = ScanOptions.defaultPDQMinQuality
}
