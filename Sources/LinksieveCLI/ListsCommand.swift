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
                (lines merged into an earlier entry), counts (per algorithm) and unsupported (photodna entries, \
                never matched). A list that cannot be used is reported on stderr with its file and line; the \
                other lists are still checked, and the exit status is then 1.
                """)

        @Option(
            name: .long,
            help: "Algorithm of lists that do not name one themselves: md5, sha1, sha256, pdq, url, url-sha256 or domain.")
        var listAlgorithm: String?

        @Argument(help: "List files or folders of them.")
        var paths: [String]

        func validate() throws {
            if let listAlgorithm, HashAlgorithm(rawValue: listAlgorithm.lowercased()) == nil {
                throw ValidationError("--list-algorithm must be one of \(HashAlgorithm.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() throws {
            let algorithm = listAlgorithm.flatMap { HashAlgorithm(rawValue: $0.lowercased()) }
            var failed = false
            var seen = [String: String]()
            for path in paths {
                let files: [String]
                do {
                    files = try HashListLoader.listFiles(paths: [path])
                } catch {
                    failed = true
                    report(error)
                    continue
                }
                for file in files {
                    do {
                        let list = try HashListLoader.loadList(path: file, defaultAlgorithm: algorithm)
                        if let other = seen[list.name] {
                            throw HashListError.duplicateName(name: list.name, paths: [other, list.path])
                        }
                        seen[list.name] = list.path
                        print(Self.json(list).serialized())
                    } catch {
                        failed = true
                        report(error)
                    }
                }
            }
            if failed { throw ExitCode.failure }
        }

        private func report(_ error: Error) {
            FileHandle.standardError.write(Data("linksieve: error: \(TerminalText.escaped("\(error)"))\n".utf8))
        }

        static func json(_ list: HashList) -> JSONValue {
            .object([
                ("list", .string(list.name)), ("path", .string(list.path)), ("format", .string(list.format.rawValue)),
                ("sha256", .string(list.sha256)), ("entries", .int(list.entryCount)), ("duplicates", .int(list.duplicates)),
            ] + ListProvenance.counts(list))
        }
    }
}
