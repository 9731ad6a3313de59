import Foundation

/// Writes report.html for the latest finished run of a state: at the end of every scan and
/// rescan, and on demand by `linksieve report DIR`, so both produce the same page.
public enum ReportWriter {
    public static let fileName = "report.html"

    /// Builds the page from the state's latest finished run and writes it to `directory` (mode 0644:
    /// the report is publishable). Returns the path written.
    @discardableResult
    public static func write(from state: StateStore, to directory: String) throws -> String {
        guard let run = try state.runs().last(where: { $0.summary != nil }), let summary = run.summary else {
            throw ReportError.noFinishedRun(path: state.path)
        }
        let page = try ReportPage(summaryJSON: summary, aggregates: try state.matchAggregates())
        let path = directory + "/" + fileName
        try OutputDirectory.write(page.html(), to: path, mode: 0o644)
        return path
    }
}
