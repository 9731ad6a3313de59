import ArgumentParser
import Linksieve

/// `linksieve decisions export`: the negative list of false positives and the confirmed matches.
struct DecisionsExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the values judged false positive as a list, and/or the confirmed matches as CSV and JSON.",
        discussion: """
            --false-positives FILE writes a list in the native format (Hashlists/README.md): the observed \
            value of each row returned by false-positive decisions, with the list and entry it was matched \
            by (from_list, from_entry). --confirmed-csv and --confirmed-json write every match whose latest \
            decision is `confirmed`: row, URL, digests, list, entry, reviewer and time. All files are owner-only.
            """)

    @OptionGroup var stateArguments: StateArguments

    @Option(name: .long, help: "Write the false-positive list here.")
    var falsePositives: String?

    @Option(name: .long, help: "Write the confirmed matches here as CSV.")
    var confirmedCsv: String?

    @Option(name: .long, help: "Write the confirmed matches here as a JSON report.")
    var confirmedJson: String?

    @Flag(help: "A false-positive decision counts only once two different reviewers have made it.")
    var twoPersonRule = false

    func validate() throws {
        guard falsePositives != nil || confirmedCsv != nil || confirmedJson != nil else {
            throw ValidationError("give --false-positives, --confirmed-csv or --confirmed-json")
        }
    }

    func run() throws {
        try Failure.reported {
            let export = DecisionExport(state: try stateArguments.open())
            if let falsePositives {
                let count = try export.writeFalsePositiveList(to: falsePositives, twoPersonRule: twoPersonRule)
                print("\(count) false-positive values written to \(falsePositives)")
            }
            if confirmedCsv != nil || confirmedJson != nil {
                let count = try export.writeConfirmed(csv: confirmedCsv, json: confirmedJson)
                print("\(count) confirmed matches written")
            }
        }
    }
}
