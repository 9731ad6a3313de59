import Foundation

/// A scan or rescan stopped by a `StopRequest` (Ctrl-C, SIGTERM) after committing its finished
/// rows. The CLI prints it and exits with 128 + the signal (130 for SIGINT, 143 for SIGTERM).
public struct Interrupted: Error, Sendable, CustomStringConvertible {
    /// The signal that stopped the run (SIGINT when none is known).
    public let signal: Int32
    /// What rerunning the same command does.
    public let rerun: String

    public init(signal: Int32?, rerun: String = "rerun the same command to resume") {
        self.signal = signal ?? SIGINT
        self.rerun = rerun
    }

    public var description: String { "interrupted; \(rerun)" }
}
