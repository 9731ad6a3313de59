/// A list policy file that cannot be used; each names the file, and the list and setting where there is one.
public struct ListPolicyError: Error, Equatable, Sendable, CustomStringConvertible {
    public let path: String
    public let message: String

    public var description: String { "\(path): \(message)" }
}
