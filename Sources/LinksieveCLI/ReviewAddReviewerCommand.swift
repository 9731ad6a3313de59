import ArgumentParser
import Foundation
import Linksieve
import LinksieveReview

/// `linksieve review add-reviewer FILE NAME`: adds or replaces an account, reading the password
/// from the terminal (not echoed) or from standard input.
struct ReviewAddReviewerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-reviewer",
        abstract: "Add a reviewer account (name and salted PBKDF2 password hash) to an accounts file.",
        discussion: """
            Reads the password from the terminal without echo, or one line from standard input when it \
            is not a terminal. The file is written owner-only (0600); an existing account of that name is \
            replaced.
            """)

    @Argument(help: "The accounts file (created if missing).")
    var file: String

    @Argument(help: "The reviewer's name, as decisions will record it.")
    var name: String

    func run() throws {
        let password: String
        if isatty(0) == 1 {
            guard let first = getpass("Password for \(name): ").map({ String(cString: $0) }),
                let again = getpass("Again: ").map({ String(cString: $0) })
            else { throw ValidationError("no password read") }
            guard first == again else { throw ValidationError("the two passwords differ") }
            password = first
        } else {
            guard let line = readLine(strippingNewline: true) else { throw ValidationError("no password on standard input") }
            password = line
        }
        try Failure.reported {
            var accounts = try ReviewerAccounts(path: file, allowMissing: true)
            try accounts.set(name: name, password: password)
        }
        print("\(file): account \(name) saved")
    }
}
