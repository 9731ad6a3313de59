import ArgumentParser
import Foundation
import Linksieve

/// `linksieve lists`: work on hash lists without scanning anything.
struct ListsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lists",
        abstract: "Check hash lists.",
        subcommands: [Check.self])

    /// `linksieve lists check`: load every list as a scan would and say what it holds.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate hash lists; print each list's format, entry counts per algorithm and SHA-256.",
            discussion: """
                One JSON line per list: list, path, format, sha256 (of the file as stored), entries, duplicates \
                (lines merged into an earlier entry), counts (per algorithm), unsupported (photodna entries, \
                never matched) and unsupported_by_type, skipped (values of types linksieve does not match, such as \
                video perceptual hashes, by the partner's type name), withdrawn (entries a partner feed deleted) and \
                replaced (records superseded by a later record of the same entry), and policy (the list's role, \
                pdq_threshold, min_quality, category and flood_limit, from --list-policy or the defaults). A list that cannot be used is reported on stderr with its file and line; the \
                other lists are still checked, and the exit status is then 1.
                """)

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

        @Option(
            name: .long,
            help: ArgumentHelp(
                "A list policy (JSON) to check against the lists; each list's line then shows its effective policy.",
                valueName: "file"))
        var listPolicy: String?

        @Argument(help: "List files or folders of them (a folder of NCMEC/StopNCII/TAT pages is one list).")
        var paths: [String]

        func validate() throws {
            if let listAlgorithm, HashAlgorithm(rawValue: listAlgorithm.lowercased()) == nil {
                throw ValidationError("--list-algorithm must be one of \(HashAlgorithm.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if let listFormat, HashListFormat(rawValue: listFormat.lowercased()) == nil {
                throw ValidationError("--list-format must be one of \(HashListFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() throws {
            let algorithm = listAlgorithm.flatMap { HashAlgorithm(rawValue: $0.lowercased()) }
            let format = listFormat.flatMap { HashListFormat(rawValue: $0.lowercased()) }
            var failed = false
            var seen = [String: String]()
            var loaded = [HashList]()
            var policy = ListPolicy.none
            if let listPolicy {
                do {
                    policy = try ListPolicy.load(path: listPolicy)
                } catch {
                    report(error)
                    throw ExitCode.failure
                }
            }
            for path in paths {
                let sources: [ListSource]
                do {
                    sources = try HashListLoader.listSources(paths: [path])
                } catch {
                    failed = true
                    report(error)
                    continue
                }
                for source in sources {
                    do {
                        let list = try HashListLoader.loadList(source: source, defaultAlgorithm: algorithm, format: format)
                        if let other = seen[list.name] {
                            throw HashListError.duplicateName(name: list.name, paths: [other, list.path])
                        }
                        seen[list.name] = list.path
                        loaded.append(list)
                        print(Self.json(list, policy: policy).serialized())
                    } catch {
                        failed = true
                        report(error)
                    }
                }
            }
            if let listPolicy, !failed {
                do {
                    try policy.check(against: loaded, path: listPolicy)
                } catch {
                    failed = true
                    report(error)
                }
            }
            if failed { throw ExitCode.failure }
        }

        private func report(_ error: Error) {
            FileHandle.standardError.write(Data("linksieve: error: \(TerminalText.escaped("\(error)"))\n".utf8))
        }

        /// The policy shown is the effective one at the default thresholds (scan's --pdq-threshold 31,
        /// --pdq-min-quality 50) unless the policy file sets the list's own.
        static func json(_ list: HashList, policy: ListPolicy) -> JSONValue {
            .object([
                ("list", .string(list.name)), ("path", .string(list.path)), ("format", .string(list.format.rawValue)),
                ("sha256", .string(list.sha256)), ("entries", .int(list.entryCount)), ("duplicates", .int(list.duplicates)),
            ] + ListProvenance.counts(list) + [("policy", policy.json(for: list.name, pdqThreshold: 31, pdqMinQuality: 50))])
        }
    }
}
