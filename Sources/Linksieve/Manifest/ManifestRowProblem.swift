/// Why one manifest row cannot be used. The row is reported and skipped; reading goes on.
public struct ManifestRowProblem: Error, Equatable, Sendable, CustomStringConvertible {
    /// Short machine-readable reason: "malformed-row" or "missing-url".
    public let reason: String
    /// What is wrong, for a person: "expected 5 fields, found 3".
    public let message: String

    public init(reason: String, message: String) {
        self.reason = reason
        self.message = message
    }

    static func malformedRow(_ message: String) -> ManifestRowProblem {
        ManifestRowProblem(reason: "malformed-row", message: message)
    }

    static func missingURL(_ message: String) -> ManifestRowProblem {
        ManifestRowProblem(reason: "missing-url", message: message)
    }

    public var description: String { "\(reason): \(message)" }
}
