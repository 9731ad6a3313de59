import ArgumentParser
import Dispatch
import Foundation
import Linksieve
import LinksieveReview
import Synchronization

/// `linksieve review [serve] --state DIR`: starts the server and waits for Ctrl-C.
struct ReviewServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the review app for a state (the default subcommand of `review`).",
        discussion: """
            Listens on 127.0.0.1 (a free port unless --port) and prints one URL with a random one-time \
            sign-in token; it opens no browser. The session that URL opens decides as --reviewer NAME, and \
            every decision is recorded under that name in the state's hash-chained audit log. Listening on \
            any other address (--host) is refused unless --reviewers FILE gives accounts with passwords \
            (made by `linksieve review add-reviewer`). Sessions end after 30 minutes idle or 8 hours. \
            No image is fetched, stored or shown: the app shows the facts of each match, the URL as plain \
            text, and PDQ hashes as bit grids.
            """)

    @OptionGroup var stateArguments: StateArguments

    @Option(name: .long, help: "Address to listen on; anything but loopback needs --reviewers.")
    var host = "127.0.0.1"

    @Option(name: .long, parsing: .unconditional, help: "Port to listen on (default: a free one).",
            transform: NumericOption.integer("--port", 0...65535))
    var port = 0

    @Option(name: .long, help: "The reviewer name the one-time URL signs in as (recorded with each decision).")
    var reviewer: String?

    @Option(name: .long, help: "Accounts file (from `review add-reviewer`): reviewers sign in with name and password.")
    var reviewers: String?

    @Flag(name: .long, help: "Show that a false positive takes effect only when a second, different reviewer agrees (as `apply --two-person-rule`).")
    var twoPersonRule = false

    func run() throws {
        var configuration = ReviewConfiguration(stateDirectory: stateArguments.state)
        configuration.host = host
        configuration.port = port
        configuration.tokenReviewer = reviewer
        configuration.twoPersonRule = twoPersonRule
        try Failure.reported {
            configuration.accounts = try reviewers.map { path throws(ReviewerAccountsError) in try ReviewerAccounts(path: path) }
            try configuration.validate()
        }
        let server = ReviewServer(configuration: configuration)
        let failure = Mutex<(any Error)?>(nil)
        let finished = DispatchSemaphore(value: 0)
        Task {
            do {
                // Written straight to the descriptor so a script reading the pipe gets the URL at once.
                try await server.run { line in FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
            } catch {
                failure.withLock { $0 = error }
            }
            finished.signal()
        }
        finished.wait()
        if let error = failure.withLock({ $0 }) {
            Failure.report(error)
            throw ExitCode.failure
        }
    }
}
