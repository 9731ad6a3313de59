/// Why a manifest URL cannot be normalised (and so is neither matched nor fetched).
public struct URLProblem: Error, Equatable, Sendable, CustomStringConvertible {
    /// Short machine-readable reason: "invalid-url" or "unsupported-scheme".
    public let reason: String
    /// What is wrong, for a person.
    public let message: String

    public init(reason: String, message: String) {
        self.reason = reason
        self.message = message
    }

    static func invalid(_ message: String) -> URLProblem {
        URLProblem(reason: "invalid-url", message: message)
    }

    static func unsupportedScheme(_ scheme: String) -> URLProblem {
        URLProblem(reason: "unsupported-scheme", message: "scheme \"\(scheme)\" is not http or https")
    }

    public var description: String { "\(reason): \(message)" }
}
