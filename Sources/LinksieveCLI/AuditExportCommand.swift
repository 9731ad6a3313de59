import ArgumentParser
import Foundation
import Linksieve

/// `linksieve audit export`: the decisions log as JSON lines, hashes included, so a copy kept
/// elsewhere can be checked against the state later.
struct AuditExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the decisions log as JSON lines (one record a line, with both hashes).")

    @OptionGroup var stateArguments: StateArguments

    @Option(name: .long, help: "File to write (owner-only; it names matched entries). Default: standard output.")
    var out: String?

    func run() throws {
        let lines = try Failure.reported { () throws -> String in
            try DecisionLog(state: try stateArguments.open()).all().map { $0.json.serialized() + "\n" }.joined()
        }
        guard let out else {
            print(lines, terminator: "")
            return
        }
        try Failure.reported {
            guard FileManager.default.createFile(atPath: out, contents: Data(lines.utf8), attributes: [.posixPermissions: 0o600])
            else { throw ValidationError("\(out): cannot write") }
        }
    }
}
