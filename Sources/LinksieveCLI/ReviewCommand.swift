import ArgumentParser

/// `linksieve review`: the reviewers' web application over a state, and `review add-reviewer`
/// for its accounts file.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review quarantined matches in the browser: queue, match pages, decisions, audit log.",
        subcommands: [ReviewServeCommand.self, ReviewAddReviewerCommand.self],
        defaultSubcommand: ReviewServeCommand.self)
}
