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
            ListsCommand.self, ReportCommand.self, DecideCommand.self, AuditCommand.self,
            ApplyCommand.self, DecisionsCommand.self, DemoCommand.self,
        ]
    )
}
