import ArgumentParser
import Foundation
import Linksieve

/// `linksieve apply`: new outputs in which rows judged false positive return to the cleansed manifest.
struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Write new outputs with the rows reviewers judged false positive back in the cleansed manifest.",
        discussion: """
            Reads --state (not modified) and writes into --out a copy of the state (decisions log included) \
            and fresh cleansed manifest, quarantine.jsonl, rejected.jsonl, excluded.jsonl, summary.json and \
            report.html. A row returns when every one of its matches is judged false positive by the latest \
            decision covering it (a row decision or an entry decision). Nothing is fetched.
            """)

    @OptionGroup var stateArguments: StateArguments

    @Option(name: .long, help: "New output directory (must not already hold a state database).")
    var out: String

    @Flag(help: "A false-positive decision counts only once two different reviewers have made it.")
    var twoPersonRule = false

    func run() throws {
        var apply = ApplyDecisions(stateDirectory: stateArguments.state, outputDirectory: out)
        apply.twoPersonRule = twoPersonRule
        apply.commandLine = CommandLine.arguments.joined(separator: " ")
        let (report, returned) = try Failure.reported { try apply.run() }
        print(report.oneLine)
        print("\(returned) rows returned to the cleansed manifest by review decisions; outputs in \(out)/")
    }
}
