/// How long a session lives: idle time since its last request, and an absolute limit since
/// sign-in after which the reviewer signs in again whatever they were doing.
public struct SessionPolicy: Sendable, Equatable {
    public var idleTimeout: Double
    public var absoluteTimeout: Double

    /// 30 minutes idle, 8 hours in all: a working day's review without a stale session left open.
    public static let standard = SessionPolicy(idleTimeout: 30 * 60, absoluteTimeout: 8 * 60 * 60)

    public init(idleTimeout: Double, absoluteTimeout: Double) {
        self.idleTimeout = idleTimeout
        self.absoluteTimeout = absoluteTimeout
    }
}
