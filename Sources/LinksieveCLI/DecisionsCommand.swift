import ArgumentParser

/// `linksieve decisions`: what the review decided, as files for other tools.
struct DecisionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decisions",
        abstract: "Export review decisions as a negative list or a report of confirmed matches.",
        subcommands: [DecisionsExportCommand.self])
}
