import Foundation

/// One signed-in reviewer's session: who they are (every decision records the name), the CSRF
/// token their forms carry, and the times that decide when it expires.
public struct ReviewSession: Sendable, Equatable {
    public var id: String
    public var reviewer: String
    public var csrfToken: String
    public var createdAt: Date
    public var lastSeenAt: Date
}
