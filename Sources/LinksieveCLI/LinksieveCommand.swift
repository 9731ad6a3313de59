import ArgumentParser
import Linksieve

@main
struct LinksieveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "linksieve",
        abstract: "Cleanse web-scraped image datasets of content listed by child-protection hash lists.",
        subcommands: [HashCommand.self]
    )
}
