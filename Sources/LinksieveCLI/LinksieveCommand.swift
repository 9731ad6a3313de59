import ArgumentParser
import Linksieve

@main
struct LinksieveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "linksieve",
        abstract: "Cleanse web-scraped image datasets of content listed by child-protection hash lists.",
        version: LinksieveVersion.current,
        subcommands: [
            ScanCommand.self, RescanCommand.self, RunsCommand.self, HashCommand.self, MatchCommand.self,
            ListsCommand.self, MergeCommand.self, ReportCommand.self, DecideCommand.self, AuditCommand.self,
            ApplyCommand.self, DecisionsCommand.self, ReviewCommand.self, DemoCommand.self,
        ]
    )

    /// As ArgumentParser's own entry point, except that `linksieve help NAME` for a command that
    /// does not exist is an error (exit 64) rather than the top-level help with status 0, so a
    /// script asking for help on a misspelt command learns of it.
    static func main() {
        if let problem = unknownHelpTopic(Array(CommandLine.arguments.dropFirst())) {
            exit(withError: ValidationError(problem))
        }
        main(nil)
    }

    /// For `help NAME…`, why NAME… names no command; nil for any other command line.
    static func unknownHelpTopic(_ arguments: [String]) -> String? {
        guard arguments.first == "help" else { return nil }
        var subcommands = configuration.subcommands
        for name in arguments.dropFirst() where !name.hasPrefix("-") {
            let names = subcommands.map { $0.configuration.commandName ?? "" }
            guard let index = names.firstIndex(of: name) else {
                let known = names.isEmpty ? "it has no subcommands" : "the commands are: " + names.joined(separator: ", ")
                return "no command named '\(TerminalText.escaped(name))'; \(known)"
            }
            subcommands = subcommands[index].configuration.subcommands
        }
        return nil
    }
}
