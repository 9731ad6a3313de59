import Foundation

/// One scan or rescan as the state database remembers it: when, the command, the lists (names,
/// counts, digests) and the summary it ended with.
public struct RunRecord: Sendable, Equatable {
    public var id: Int
    public var startedAt: Double
    public var finishedAt: Double?
    public var command: String
    /// JSON array of the lists used (see summary.json's `lists`).
    public var lists: String
    /// The run's summary.json, compact; nil if the run did not finish.
    public var summary: String?
}
