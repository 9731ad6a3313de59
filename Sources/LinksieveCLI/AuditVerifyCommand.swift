import ArgumentParser
import Foundation
import Linksieve

/// `linksieve audit verify`: walks the decisions hash chain and names the first broken record.
struct AuditVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the decisions hash chain; exit 1 naming the first edited, inserted or missing record.",
        discussion: """
            Prints the number of records and the hash of the last one. Keep that hash elsewhere: the chain \
            shows any change inside the log, and the kept hash also shows records removed from its end.
            """)

    @OptionGroup var stateArguments: StateArguments

    func run() throws {
        let result = try Failure.reported { try DecisionLog(state: try stateArguments.open()).verify() }
        if let broken = result.firstBroken {
            FileHandle.standardError.write(Data(
                "linksieve: error: \(stateArguments.state)/state.sqlite: audit log broken at record \(broken.seq): \(broken.reason)\n".utf8))
            throw ExitCode.failure
        }
        print("audit log intact: \(result.records) records, head \(result.headHash)")
    }
}
