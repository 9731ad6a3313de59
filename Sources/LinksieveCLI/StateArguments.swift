import ArgumentParser
import Foundation
import Linksieve

/// `--state DIR`, shared by the commands that read or add to an existing state database.
struct StateArguments: ParsableArguments {
    @Option(name: .long, help: "Directory holding state.sqlite (a scan's, rescan's or apply's --out).")
    var state: String

    /// Opens DIR/state.sqlite, refusing a directory without one (instead of creating an empty one).
    func open() throws -> StateStore {
        let path = state + "/state.sqlite"
        guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("\(state): no state.sqlite here") }
        return try StateStore(path: path)
    }
}

extension DecisionKind: ExpressibleByArgument {}
