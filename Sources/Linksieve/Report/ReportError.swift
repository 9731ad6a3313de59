/// Why report.html could not be written, each case naming the state it came from.
public enum ReportError: Error, CustomStringConvertible, Equatable {
    case unreadableSummary
    case noFinishedRun(path: String)

    public var description: String {
        switch self {
        case .unreadableSummary: return "the run's stored summary is not valid JSON"
        case .noFinishedRun(let path): return "\(path): no finished scan or rescan is recorded here"
        }
    }
}
