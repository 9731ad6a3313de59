import ArgumentParser
import Linksieve

/// `--lists` and `--list-algorithm`, shared by the commands that load hash lists.
struct ListArguments: ParsableArguments {
    @Option(
        name: .long, parsing: .upToNextOption,
        help: "Hash-list files or folders of them (formats in Hashlists/README.md).")
    var lists: [String]

    @Option(
        name: .long,
        help: "Algorithm of lists that do not name one themselves: md5, sha1, sha256, pdq, url, url-sha256 or domain.")
    var listAlgorithm: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Read every list in this layout instead of deciding from its content.",
            discussion: "One of \(HashListFormat.allCases.map(\.rawValue).joined(separator: ", ")).",
            valueName: "format"))
    var listFormat: String?

    func validate() throws {
        if let listFormat, HashListFormat(rawValue: listFormat.lowercased()) == nil {
            throw ValidationError("--list-format must be one of \(HashListFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard !lists.isEmpty else { throw ValidationError("--lists needs at least one file or folder") }
        if let listAlgorithm, HashAlgorithm(rawValue: listAlgorithm.lowercased()) == nil {
            throw ValidationError("--list-algorithm must be one of \(HashAlgorithm.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    var format: HashListFormat? { listFormat.flatMap { HashListFormat(rawValue: $0.lowercased()) } }

    var defaultAlgorithm: HashAlgorithm? { listAlgorithm.flatMap { HashAlgorithm(rawValue: $0.lowercased()) } }

    func load() throws(HashListError) -> [HashList] {
        try HashListLoader.load(paths: lists, defaultAlgorithm: defaultAlgorithm, format: format)
    }
}
