import ArgumentParser
import Foundation
import Linksieve

/// `linksieve report DIR`: rewrites report.html from the state a scan or rescan left in DIR.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Rewrite DIR/report.html from the state of the scan or rescan in DIR.",
        discussion: """
            report.html is self-contained (inline CSS and SVG, no script) and publishable like \
            summary.json: it holds counts, lists and settings, never URLs, captions or list values.
            """)

    @Argument(help: "Directory holding state.sqlite (a scan's or rescan's --out).")
    var directory: String

    func run() throws {
        let path = try Failure.reported { () throws -> String in
            let statePath = directory + "/state.sqlite"
            guard FileManager.default.fileExists(atPath: statePath) else {
                throw ValidationError("\(directory): no state.sqlite here")
            }
            return try ReportWriter.write(from: try StateStore(path: statePath), to: directory)
        }
        print(path)
    }
}
